import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
	Icon,
} from 'n8n-workflow';

import { N8N_API_DEFAULT_BASE_URL, n8nApiBaseUrl } from '../nodes/domain/n8n/n8nApiUrl';

/**
 * n8n's own public API, for the setup node and the dead letters. A community package may not use
 * n8n's built-in n8n API credential, so this package has its own (the same key works in both).
 */
export class GhostCmN8nApi implements ICredentialType {
	name = 'ghostCmN8nApi';

	displayName = 'Ghost → Campaign Monitor Setup API';

	icon: Icon = {
		light: 'file:../nodes/GhostCmSetup/ghostCmSetup.svg',
		dark: 'file:../nodes/GhostCmSetup/ghostCmSetup.dark.svg',
	};

	documentationUrl = 'https://docs.n8n.io/api/authentication/';

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'In n8n: Settings → n8n API → Create an API key (the owner’s or an admin’s, so it can create and publish workflows)',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: N8N_API_DEFAULT_BASE_URL,
			description:
				'How this n8n reaches its own public API. The default works from inside n8n’s own process or container; change the port if n8n listens on another one.',
		},
		{
			displayName: 'Allow HTTP',
			name: 'allowHttp',
			type: 'boolean',
			default: false,
			description:
				'Whether to allow a plain http:// Base URL on a host other than localhost (a private network). Loopback addresses are always allowed.',
		},
	];

	// The Base URL passes the guard before the key is sent; redirects are never followed.
	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		const base = n8nApiBaseUrl(credentials.baseUrl, credentials.allowHttp === true);
		if (!base.ok) throw new Error(base.message);
		return {
			...requestOptions,
			...(requestOptions.baseURL !== undefined ? { baseURL: base.baseUrl } : {}),
			headers: {
				...requestOptions.headers,
				'X-N8N-API-KEY': String(credentials.apiKey ?? '').trim(),
			},
			disableFollowRedirect: true,
		};
	}

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl}}',
			url: '/workflows',
			qs: { limit: 1 },
			method: 'GET',
		},
	};
}
