import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
	Icon,
} from 'n8n-workflow';

import { cmApiBaseUrl } from '../nodes/domain/campaignMonitor/cmUrl';

export class CampaignMonitorApi implements ICredentialType {
	name = 'campaignMonitorApi';

	displayName = 'Campaign Monitor API';

	icon: Icon = {
		light: 'file:../nodes/CampaignMonitor/campaignMonitor.svg',
		dark: 'file:../nodes/CampaignMonitor/campaignMonitor.dark.svg',
	};

	documentationUrl = 'https://www.campaignmonitor.com/api/v3-3/getting-started/';

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'Account settings → API keys in Campaign Monitor (an account or a client API key)',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://api.createsend.com/api/v3.3',
			description: 'Leave as is. Change it only to point at a test server.',
		},
		{
			displayName: 'Allow HTTP (Test Server)',
			name: 'allowHttp',
			type: 'boolean',
			default: false,
			description:
				'Whether to allow a plain http:// Base URL. Only for a Campaign Monitor test server on your own machine.',
		},
	];

	// The API key is the Basic username; Campaign Monitor ignores the password. A function, so the
	// Base URL passes the same guard as every request before the key goes anywhere: the
	// credential test's request names a path only and is sent to the guarded Base URL. Redirects
	// are never followed (a 3xx could point the key at another host).
	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		const base = cmApiBaseUrl(credentials.baseUrl, credentials.allowHttp === true);
		if (!base.ok) throw new Error(base.message);
		return {
			...requestOptions,
			...(requestOptions.baseURL !== undefined ? { baseURL: base.baseUrl } : {}),
			auth: { username: String(credentials.apiKey ?? '').trim(), password: 'x' },
			disableFollowRedirect: true,
		};
	}

	test: ICredentialTestRequest = {
		request: { baseURL: '={{$credentials.baseUrl}}', url: '/clients.json', method: 'GET' },
	};
}
