import { randomBytes } from 'node:crypto';
import type { IDataObject, IHookFunctions, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import type { GhostMemberEventName } from '../shared/memberEvent';
import { checkMemberEventName } from '../shared/memberEvent';
import { ghostAdminRequest, ghostIdPath } from '../transport/ghost';
import { httpErrorDetails } from '../shared/httpError';

/** What the trigger keeps in node static data between activations. */
export interface RegistrationState extends IDataObject {
	webhookUrl?: string;
	/** Ghost webhook id per event. */
	webhookIds?: Record<string, string>;
	/** Generated signing secret shared with Ghost. */
	secret?: string;
}

export function registrationState(this: IHookFunctions): RegistrationState {
	return this.getWorkflowStaticData('node') as RegistrationState;
}

/**
 * Reads the Events parameter (or takes its value, read already) and refuses names Ghost would
 * accept but never fire.
 */
export function selectedEvents(
	this:
		| IHookFunctions
		| { getNodeParameter: IHookFunctions['getNodeParameter']; getNode: IHookFunctions['getNode'] },
	raw: unknown = this.getNodeParameter('events', []),
): GhostMemberEventName[] {
	const names = Array.isArray(raw) ? raw : [raw];
	if (names.length === 0) {
		throw new NodeOperationError(this.getNode(), 'Select at least one Ghost member event');
	}
	return names.map((name) => {
		const check = checkMemberEventName(name);
		if (!check.ok) throw new NodeOperationError(this.getNode(), check.message);
		return check.event;
	});
}

export function eventTargetUrl(webhookUrl: string, event: GhostMemberEventName): string {
	return `${webhookUrl}${webhookUrl.includes('?') ? '&' : '?'}event=${event}`;
}

async function deleteGhostWebhooks(this: IHookFunctions, ids: Record<string, string>) {
	const failed: Record<string, string> = {};
	for (const [event, id] of Object.entries(ids)) {
		try {
			// 404: someone already removed it in Ghost Admin, which is what we wanted.
			await ghostAdminRequest.call(this, 'DELETE', ghostIdPath.call(this, 'webhooks', id), {
				acceptStatuses: [404],
			});
		} catch (error) {
			failed[event] = id;
			if (Object.keys(failed).length === Object.keys(ids).length) {
				throw new NodeApiError(this.getNode(), error as JsonObject);
			}
		}
	}
	return failed;
}

/** Registers one Ghost webhook per selected event, signed with a freshly generated secret. */
export async function registerGhostWebhooks(this: IHookFunctions): Promise<boolean> {
	const events = selectedEvents.call(this);
	const webhookUrl = this.getNodeWebhookUrl('default') as string;
	const state = registrationState.call(this);

	if (state.webhookIds && Object.keys(state.webhookIds).length > 0) {
		await deleteGhostWebhooks.call(this, state.webhookIds);
		delete state.webhookIds;
	}

	const secret = randomBytes(32).toString('hex');
	const created: Record<string, string> = {};
	const workflowName = String(this.getWorkflow().name ?? 'workflow');
	for (const event of events) {
		try {
			const { body } = await ghostAdminRequest.call(this, 'POST', '/webhooks/', {
				body: {
					webhooks: [
						{
							event,
							target_url: eventTargetUrl(webhookUrl, event),
							name: `n8n: ${workflowName}`.slice(0, 180),
							secret,
						},
					],
				},
			});
			const id = body?.webhooks?.[0]?.id;
			if (typeof id !== 'string') {
				throw new NodeOperationError(
					this.getNode(),
					`Ghost did not return an id for the ${event} webhook`,
				);
			}
			created[event] = id;
		} catch (error) {
			await deleteGhostWebhooks.call(this, created).catch(() => undefined);
			if (httpErrorDetails(error).status === 422) {
				throw new NodeOperationError(
					this.getNode(),
					`Ghost already has a ${event} webhook for this URL, left from an earlier activation`,
					{
						description:
							'Ghost cannot list webhooks through the Admin API, so the trigger cannot take it over. Delete it in Ghost Admin → Settings → Integrations (the integration whose key this credential uses), then publish the workflow again.',
					},
				);
			}
			throw new NodeApiError(this.getNode(), error as JsonObject);
		}
	}

	state.webhookUrl = webhookUrl;
	state.webhookIds = created;
	state.secret = secret;
	return true;
}

/** Ghost has no endpoint to list webhooks, so the ids we stored are the source of truth. */
export function registrationMatches(this: IHookFunctions): boolean {
	const events = selectedEvents.call(this);
	const state = registrationState.call(this);
	const ids = state.webhookIds ?? {};
	return (
		typeof state.secret === 'string' &&
		state.secret.length > 0 &&
		state.webhookUrl === this.getNodeWebhookUrl('default') &&
		Object.keys(ids).length === events.length &&
		events.every((event) => typeof ids[event] === 'string')
	);
}

/** Removes the webhooks from Ghost; ids that could not be removed stay stored for the next try. */
export async function unregisterGhostWebhooks(this: IHookFunctions): Promise<boolean> {
	const state = registrationState.call(this);
	const failed = state.webhookIds ? await deleteGhostWebhooks.call(this, state.webhookIds) : {};
	if (Object.keys(failed).length > 0) {
		state.webhookIds = failed;
		return false;
	}
	delete state.webhookIds;
	delete state.webhookUrl;
	delete state.secret;
	return true;
}
