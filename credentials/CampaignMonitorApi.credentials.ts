import type { IAuthenticateGeneric, ICredentialType, INodeProperties, Icon } from 'n8n-workflow';

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

	// The API key is the Basic username; Campaign Monitor ignores the password.
	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			auth: { username: '={{$credentials.apiKey}}', password: 'x' },
		},
	};

	// Tested by campaignMonitorApiTest (nodes/transport/credentialTests.ts): the Base URL goes through
	// the same guard as every request, which a declarative test request would skip.
}
