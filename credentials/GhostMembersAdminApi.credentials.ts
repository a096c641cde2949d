import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
	Icon,
} from 'n8n-workflow';

import { createAdminToken } from '../nodes/domain/ghost/ghostAdminToken';
import { ghostAdminApiBaseUrl } from '../nodes/domain/ghost/ghostUrl';

export class GhostMembersAdminApi implements ICredentialType {
	name = 'ghostMembersAdminApi';

	displayName = 'Ghost Members Admin API';

	icon: Icon = {
		light: 'file:../nodes/GhostMemberTrigger/ghost.svg',
		dark: 'file:../nodes/GhostMemberTrigger/ghost.dark.svg',
	};

	documentationUrl = 'https://ghost.org/docs/admin-api/#token-authentication';

	properties: INodeProperties[] = [
		{
			displayName: 'Site URL',
			name: 'url',
			type: 'string',
			default: '',
			placeholder: 'https://example.com',
			description: 'The address of your Ghost site, as in Ghost Admin → Settings → General',
			required: true,
		},
		{
			displayName: 'Admin API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'From Ghost Admin → Settings → Integrations → Add custom integration. It looks like <id>:<secret>.',
			required: true,
		},
		{
			displayName: 'Accept-Version',
			name: 'acceptVersion',
			type: 'string',
			default: 'v6.0',
			description: 'Ghost Admin API version to request',
		},
		{
			displayName: 'Allow HTTP',
			name: 'allowHttp',
			type: 'boolean',
			default: false,
			description:
				'Whether to allow a plain http:// site URL. Only for a Ghost on your own machine or private network.',
		},
	];

	// A function, not a static header: the Admin JWT expires after five minutes, so each
	// request gets a freshly signed one. The site URL passes the same guard as every request
	// before the key is used: the credential test's request names a path only and is sent to
	// the guarded Admin API address. Redirects are never followed.
	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		const site = ghostAdminApiBaseUrl(
			String(credentials.url ?? ''),
			credentials.allowHttp === true,
		);
		if (!site.ok) throw new Error(site.message);
		return {
			...requestOptions,
			...(requestOptions.baseURL !== undefined ? { baseURL: site.baseUrl } : {}),
			headers: {
				...requestOptions.headers,
				Authorization: `Ghost ${createAdminToken(credentials.apiKey as string)}`,
				'Accept-Version': (credentials.acceptVersion as string) || 'v6.0',
			},
			disableFollowRedirect: true,
		};
	}

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.url}}',
			url: '/members/',
			qs: { limit: 1, fields: 'id' },
			method: 'GET',
		},
	};
}
