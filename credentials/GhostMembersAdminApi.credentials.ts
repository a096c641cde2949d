import type {
	ICredentialDataDecryptedObject,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
	Icon,
} from 'n8n-workflow';

import { createAdminToken } from '../nodes/shared/ghostAdminToken';

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
	// request gets a freshly signed one.
	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		return {
			...requestOptions,
			headers: {
				...requestOptions.headers,
				Authorization: `Ghost ${createAdminToken(credentials.apiKey as string)}`,
				'Accept-Version': (credentials.acceptVersion as string) || 'v6.0',
			},
		};
	}

	// Tested by ghostMembersAdminApiTest (nodes/transport/credentialTests.ts): the site URL goes through
	// the same guard as every request, which a declarative test request would skip.
}
