import type { IDataObject, IHookFunctions, IWebhookFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { GhostMemberEventName } from '../domain/ghost/memberEvent';
import { checkMemberEventName, ghostWebhookName } from '../domain/ghost/memberEvent';
import {
	createGhostWebhook,
	deleteGhostWebhook,
	GHOST_CREDENTIAL,
	readGhostWebhook,
} from '../transport/ghost';
import { httpErrorDetails } from '../domain/http/httpError';
import { asNodeError } from '../helpers/itemLoop';
import {
	deriveWebhookSecret,
	secretFingerprint,
	webhookKeyOf,
} from '../domain/security/webhookSecret';

/** What the trigger keeps in node static data between activations. */
export interface RegistrationState extends IDataObject {
	webhookUrl?: string;
	/** Ghost webhook id per event. */
	webhookIds?: Record<string, string>;
	/**
	 * Events whose webhook Ghost already had for this URL (422), registered by an earlier
	 * activation whose ids were lost: same URL, same derived secret, so it is used as it is.
	 */
	adoptedEvents?: string[];
	/** Which signing secret the webhooks were registered with (a hash, never the secret). */
	secretFingerprint?: string;
}

/**
 * The signing secret for this node's webhooks (see deriveWebhookSecret): the same in the main
 * instance that registers them and in every webhook processor that checks deliveries.
 */
export async function automaticSecret(this: IHookFunctions | IWebhookFunctions): Promise<string> {
	const credentials = await this.getCredentials(GHOST_CREDENTIAL);
	return deriveWebhookSecret(
		String(credentials.apiKey ?? ''),
		webhookKeyOf(this.getNode(), String(this.getWorkflow().id ?? '')),
	);
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
			await deleteGhostWebhook.call(this, id);
		} catch (error) {
			failed[event] = id;
			// The client's error already says what Ghost answered: passed on as it is.
			if (Object.keys(failed).length === Object.keys(ids).length) {
				throw asNodeError.call(this, error);
			}
		}
	}
	return failed;
}

function webhookName(this: IHookFunctions): string {
	return ghostWebhookName(String(this.getWorkflow().name ?? 'workflow'));
}

/** Registers one Ghost webhook per selected event, signed with the node's derived secret. */
export async function registerGhostWebhooks(this: IHookFunctions): Promise<boolean> {
	const events = selectedEvents.call(this);
	const webhookUrl = this.getNodeWebhookUrl('default') as string;
	const state = registrationState.call(this);

	if (state.webhookIds && Object.keys(state.webhookIds).length > 0) {
		await deleteGhostWebhooks.call(this, state.webhookIds);
		delete state.webhookIds;
	}

	const secret = await automaticSecret.call(this);
	const created: Record<string, string> = {};
	const adopted: string[] = [];
	const name = webhookName.call(this);
	for (const event of events) {
		try {
			const id = await createGhostWebhook.call(this, {
				event,
				target_url: eventTargetUrl(webhookUrl, event),
				name,
				secret,
			});
			if (id === undefined) {
				throw new NodeOperationError(
					this.getNode(),
					`Ghost did not return an id for the ${event} webhook`,
				);
			}
			created[event] = id;
		} catch (error) {
			if (httpErrorDetails(error).status === 422) {
				// Ghost keeps one webhook per event and URL: this URL's, from an activation whose ids
				// were lost (n8n restarted after queue-mode workers rewrote static data). It signs
				// with the same derived secret, so it delivers here as it is.
				adopted.push(event);
				continue;
			}
			await deleteGhostWebhooks.call(this, created).catch(() => undefined);
			throw asNodeError.call(this, error);
		}
	}

	state.webhookUrl = webhookUrl;
	state.webhookIds = created;
	if (adopted.length > 0) state.adoptedEvents = adopted;
	else delete state.adoptedEvents;
	state.secretFingerprint = secretFingerprint(secret);
	// 0.1.0 builds before the derived secret kept a generated one here. Remove in 0.4.0.
	delete state.secret;
	return true;
}

/**
 * Whether the webhooks stored are the ones wanted. When the workflow is published (by a person,
 * the setup or the health check), each one is also looked up in Ghost, which has no way to list
 * them: one deleted in Ghost Admin, or dropped by Ghost after a 410, is registered again. n8n's
 * own start-up trusts what is stored (no request: Ghost being down must not keep n8n from
 * serving the webhooks).
 */
export async function registrationMatches(this: IHookFunctions): Promise<boolean> {
	const events = selectedEvents.call(this);
	const state = registrationState.call(this);
	const ids = state.webhookIds ?? {};
	const adopted = state.adoptedEvents ?? [];
	if (state.webhookUrl !== this.getNodeWebhookUrl('default')) return false;
	if (Object.keys(ids).length + adopted.length !== events.length) return false;
	if (!events.every((event) => typeof ids[event] === 'string' || adopted.includes(event)))
		return false;
	// A new Admin API key means a new secret: register again so Ghost signs with it.
	if (state.secretFingerprint !== secretFingerprint(await automaticSecret.call(this))) return false;
	if (!['activate', 'update'].includes(this.getActivationMode())) return true;
	const name = webhookName.call(this);
	for (const id of Object.values(ids))
		if (!(await readGhostWebhook.call(this, id, name))) return false;
	return true;
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
	delete state.adoptedEvents;
	delete state.secretFingerprint;
	// 0.1.0 builds before the derived secret kept a generated one here. Remove in 0.4.0.
	delete state.secret;
	return true;
}
