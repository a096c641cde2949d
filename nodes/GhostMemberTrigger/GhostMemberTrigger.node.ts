import type {
	IHookFunctions,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { triggerProperties } from './description';
import {
	registerGhostWebhooks,
	registrationMatches,
	automaticSecret,
	selectedEvents,
	unregisterGhostWebhooks,
} from './webhookRegistration';
import { handleGhostWebhook } from './handleWebhook';
import { ghostWebhookSecretTest } from './credentialTest';
import { cachedFromCredentials } from '../helpers/storedParameters';
import { assertN8nTwoOrLater } from '../helpers/requiresN8nTwo';
import { triggerParameter } from './requestPath';
import { checkSiteSyncOnPublish, checksOnPublish, releaseSiteSync } from './publishChecks';
import { cmListSearch } from '../helpers/campaignMonitorList';

async function manualSecret(this: IHookFunctions | IWebhookFunctions): Promise<string> {
	try {
		const credentials = await this.getCredentials('ghostWebhookSecretApi');
		return typeof credentials?.secret === 'string' ? credentials.secret : '';
	} catch {
		// No credential selected (or it was deleted): verified as "no secret", answered 401.
		return '';
	}
}

export class GhostMemberTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Ghost Member Trigger',
		name: 'ghostMemberTrigger',
		icon: { light: 'file:ghost.svg', dark: 'file:ghost.dark.svg' },
		group: ['trigger'],
		// 1.1: n8n evaluates an expression for every request to a version-1 start node (the Webhook
		// node v1's binaryData option), which costs an expression isolate; from 1.1 on it does not.
		// 2: names the site sync's Campaign Monitor list, checked when the workflow is published,
		// and puts it on every item (cmListId).
		version: [1, 1.1, 2],
		defaultVersion: 2,
		subtitle: '={{ [].concat($parameter["events"]).join(", ") }}',
		description:
			'Starts the workflow when a Ghost member is added, edited or deleted (signed webhooks)',
		defaults: { name: 'Ghost Member Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{
				name: 'ghostMembersAdminApi',
				required: true,
				displayOptions: { show: { webhookSetup: ['automatic'] } },
			},
			{
				name: 'campaignMonitorApi',
				required: true,
				displayOptions: { show: { '@version': [2] } },
			},
			{
				name: 'ghostWebhookSecretApi',
				required: true,
				testedBy: 'ghostWebhookSecretTest',
				displayOptions: { show: { webhookSetup: ['manual'] } },
			},
		],
		webhooks: [
			{
				name: 'default',
				httpMethod: 'POST',
				responseMode: 'onReceived',
				path: 'webhook',
			},
		],
		properties: triggerProperties,
	};

	methods = {
		credentialTest: { ghostWebhookSecretTest },
		listSearch: cmListSearch,
	};

	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				assertN8nTwoOrLater(this.getNode());
				selectedEvents.call(this);
				if (checksOnPublish(this.getNode())) await checkSiteSyncOnPublish.call(this);
				if (this.getNodeParameter('webhookSetup') === 'manual') {
					if (!(await manualSecret.call(this))) {
						throw new NodeOperationError(
							this.getNode(),
							'The Ghost Webhook Secret credential has no secret: Ghost only signs webhooks that have one, and this trigger accepts only signed requests',
						);
					}
					return true;
				}
				return await registrationMatches.call(this);
			},
			async create(this: IHookFunctions): Promise<boolean> {
				if (this.getNodeParameter('webhookSetup') === 'manual') return true;
				return await registerGhostWebhooks.call(this);
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				if (checksOnPublish(this.getNode())) releaseSiteSync.call(this);
				if (this.getNodeParameter('webhookSetup') === 'manual') return true;
				return await unregisterGhostWebhooks.call(this);
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const manual = triggerParameter.call(this, 'webhookSetup') === 'manual';
		const secret = await cachedFromCredentials.call(this, 'secret', async () =>
			manual ? await manualSecret.call(this) : await automaticSecret.call(this).catch(() => ''),
		);
		return await handleGhostWebhook.call(this, secret);
	}
}
