import type {
	IDataObject,
	IHookFunctions,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { CM_WEBHOOK_EVENTS, parseCmDelivery } from '../domain/campaignMonitor/cmWebhookEvent';
import { keyedEmailRef } from '../domain/security/redact';
import { deriveEmailRefKey } from '../domain/security/webhookSecret';
import { checkedListId, cmListSearch } from '../helpers/campaignMonitorList';
import { cachedFromCredentials, storedParameter } from '../helpers/storedParameters';
import { assertN8nTwoOrLater } from '../helpers/requiresN8nTwo';
import {
	CM_CREDENTIAL,
	createWebhook,
	deleteWebhook,
	listWebhooks,
	type CmWebhook,
} from '../transport/campaignMonitor';
import { cmTriggerProperties } from './description';

/** n8n leaves parameters at their default out of the stored node: the description's defaults. */
const defaults: Record<string, unknown> = Object.fromEntries(
	cmTriggerProperties.map((property) => [property.name, property.default]),
);

const selectedOf = (events: unknown) =>
	CM_WEBHOOK_EVENTS.filter((event) => ((events as string[]) ?? []).includes(event));

/** Publishing and unpublishing: n8n's parameters. */
function triggerListId(this: IHookFunctions): string {
	return checkedListId(this.getNode(), this.getNodeParameter('list', '', { extractValue: true }));
}

function selected(this: IHookFunctions): string[] {
	return selectedOf(this.getNodeParameter('events', []));
}

/** Each delivery: the parameters as stored (n8n evaluates only an expression). */
function webhookParameter<T>(
	this: IWebhookFunctions,
	name: string,
	options?: { extractValue: boolean },
): T {
	return storedParameter.call(this, name, defaults[name], options) as T;
}

/** The list's webhooks that deliver to this node's URL (Campaign Monitor can list them). */
async function ownWebhooks(this: IHookFunctions, listId: string): Promise<CmWebhook[]> {
	const url = this.getNodeWebhookUrl('default');
	return (await listWebhooks.call(this, listId)).filter((hook) => hook.Url === url);
}

/**
 * Removes one of the list's webhooks. Campaign Monitor documents no answer for one that is already
 * gone (another n8n or a restart removed it between listing and deleting; 602 means "invalid
 * webhook format"), so a refusal is judged by listing the webhooks again, not by its code.
 */
async function removeWebhook(this: IHookFunctions, listId: string, webhookId: string) {
	try {
		await deleteWebhook.call(this, listId, webhookId);
	} catch (error) {
		const still = await ownWebhooks.call(this, listId);
		if (still.some((hook) => hook.WebhookID === webhookId))
			throw new NodeOperationError(this.getNode(), error as Error, {
				description:
					'The webhook is still on the list in Campaign Monitor; publish and unpublish again',
			});
	}
}

const sameEvents = (a: string[], b: string[]) =>
	a.length === b.length && a.every((event) => b.includes(event));

/** Answers Campaign Monitor directly; the execution, if any, starts afterwards. */
function reply(this: IWebhookFunctions, status: 200 | 400 | 401, body: IDataObject) {
	this.getResponseObject().status(status).json(body);
}

export class CampaignMonitorTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Campaign Monitor Trigger',
		name: 'campaignMonitorTrigger',
		icon: {
			light: 'file:campaignMonitorTrigger.svg',
			dark: 'file:campaignMonitorTrigger.dark.svg',
		},
		group: ['trigger'],
		version: 1,
		subtitle: '={{ [].concat($parameter["events"]).join(", ") }}',
		description:
			'Starts the workflow when a subscriber of a Campaign Monitor list unsubscribes, bounces, joins or changes',
		defaults: { name: 'Campaign Monitor Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: CM_CREDENTIAL, required: true }],
		webhooks: [
			{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'webhook' },
		],
		properties: cmTriggerProperties,
	};

	methods = { listSearch: cmListSearch };

	webhookMethods = {
		default: {
			/** Registered already: exactly one active webhook to this node's URL, for these events. */
			async checkExists(this: IHookFunctions): Promise<boolean> {
				assertN8nTwoOrLater(this.getNode());
				const events = selected.call(this);
				const own = await ownWebhooks.call(this, triggerListId.call(this));
				return own.length === 1 && own[0].Status === 'Active' && sameEvents(own[0].Events, events);
			},
			/** One webhook for these events: a matching one is kept, any other to this URL removed. */
			async create(this: IHookFunctions): Promise<boolean> {
				const listId = triggerListId.call(this);
				const events = selected.call(this);
				if (events.length === 0)
					throw new NodeOperationError(this.getNode(), 'Select at least one event');
				let kept = false;
				for (const hook of await ownWebhooks.call(this, listId)) {
					if (!kept && hook.Status === 'Active' && sameEvents(hook.Events, events)) kept = true;
					else await removeWebhook.call(this, listId, hook.WebhookID);
				}
				if (kept) return true;
				// A second webhook would run every event twice: after a 5xx or a lost answer the
				// list's webhooks are read before the create is sent again.
				await createWebhook.call(
					this,
					listId,
					{ events, url: String(this.getNodeWebhookUrl('default')) },
					async () =>
						(await ownWebhooks.call(this, listId)).find((hook) => sameEvents(hook.Events, events))
							?.WebhookID,
				);
				return true;
			},
			/** Found by listing, so a restart or lost state never leaves an orphan behind. */
			async delete(this: IHookFunctions): Promise<boolean> {
				const listId = triggerListId.call(this);
				for (const hook of await ownWebhooks.call(this, listId))
					await removeWebhook.call(this, listId, hook.WebhookID);
				return true;
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		let listId: string;
		try {
			listId = checkedListId(
				this.getNode(),
				webhookParameter.call(this, 'list', { extractValue: true }),
			);
		} catch {
			reply.call(this, 400, { status: 'rejected', reason: 'no_list' });
			return { noWebhookResponse: true };
		}
		const options = webhookParameter.call(this, 'options') as IDataObject;
		const events = selectedOf(webhookParameter.call(this, 'events'));
		const result = parseCmDelivery(this.getBodyData(), listId, events, {
			updatesWithAddressChangeOnly: options.updatesWithAddressChangeOnly === true,
		});
		if (result.outcome === 'invalid') {
			reply.call(this, 400, {
				status: 'rejected',
				reason: 'invalid_payload',
				message: result.message,
			});
			return { noWebhookResponse: true };
		}
		if (result.outcome === 'wrongList') {
			// Never 410 or 404: a 2xx-less answer only tells a forger nothing new.
			reply.call(this, 401, {
				status: 'rejected',
				reason: 'unknown_list',
				message: 'This webhook belongs to another Campaign Monitor list',
			});
			return { noWebhookResponse: true };
		}
		if (result.items.length === 0) {
			reply.call(this, 200, { status: 'ignored', events: 0 });
			return { noWebhookResponse: true };
		}
		// emailRef: how the dead-letter workflow records the subscriber without keeping the address.
		const secret = await cachedFromCredentials.call(this, 'emailRefKey', async () =>
			deriveEmailRefKey(
				String((await this.getCredentials(CM_CREDENTIAL)).apiKey ?? ''),
				this.getNode().webhookId ?? this.getNode().name,
			),
		);
		reply.call(this, 200, { status: 'accepted', events: result.items.length });
		return {
			noWebhookResponse: true,
			workflowData: [
				result.items.map((item) => ({
					json: {
						...item,
						site: listId,
						memberId: '',
						emailRef: keyedEmailRef(item.email, secret),
					} as unknown as IDataObject,
				})),
			],
		};
	}
}
