import type { ICredentialType, INodeProperties, Icon } from 'n8n-workflow';

/** For webhooks added by hand in Ghost Admin: the secret typed there, used to verify requests. */
export class GhostWebhookSecretApi implements ICredentialType {
	name = 'ghostWebhookSecretApi';

	displayName = 'Ghost Webhook Secret API';

	icon: Icon = {
		light: 'file:../nodes/GhostMemberTrigger/ghost.svg',
		dark: 'file:../nodes/GhostMemberTrigger/ghost.dark.svg',
	};

	documentationUrl = 'https://ghost.org/docs/webhooks/';

	properties: INodeProperties[] = [
		{
			displayName: 'Secret',
			name: 'secret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'The secret you typed when adding the webhook in Ghost Admin → Settings → Integrations. Ghost only signs requests when a secret is set.',
		},
	];
}
