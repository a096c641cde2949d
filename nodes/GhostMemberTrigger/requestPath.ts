import type { IDataObject, IWebhookFunctions } from 'n8n-workflow';

import { TtlCache } from '../shared/ttlCache';
import { triggerProperties } from './description';

/**
 * What the webhook request path reads, without making n8n do per-request work it can skip:
 * parameters are taken as stored unless they hold an expression (so n8n need not evaluate, and
 * with N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE never acquires an expression isolate for a Ghost
 * request), and values that come from credentials are kept decrypted in memory for a minute
 * instead of being decrypted on every request (they stay encrypted at rest).
 */

type TriggerParameter = 'webhookSetup' | 'events' | 'site' | 'options';

/** n8n leaves parameters at their default out of the stored node: the description's defaults. */
const defaults = Object.fromEntries(
	triggerProperties.map((property) => [property.name, property.default]),
) as Record<TriggerParameter, unknown>;

function containsExpression(value: unknown): boolean {
	if (typeof value === 'string') return value.startsWith('=');
	if (Array.isArray(value)) return value.some(containsExpression);
	if (value !== null && typeof value === 'object')
		return Object.values(value).some(containsExpression);
	return false;
}

export function triggerParameter<T = unknown>(this: IWebhookFunctions, name: TriggerParameter): T {
	const raw = (this.getNode().parameters as IDataObject)[name];
	if (raw === undefined) return defaults[name] as T;
	return (containsExpression(raw) ? this.getNodeParameter(name, defaults[name]) : raw) as T;
}

/** Per process: credential-derived values for a minute, so a changed credential takes effect soon. */
const fromCredentials = new TtlCache<string>(60_000);

export async function cachedFromCredentials(
	this: IWebhookFunctions,
	what: string,
	read: () => Promise<string>,
): Promise<string> {
	const node = this.getNode();
	const credentialIds = Object.values(node.credentials ?? {})
		.map((c) => c?.id ?? '')
		.join(',');
	const key = `${this.getWorkflow().id ?? ''}|${node.name}|${credentialIds}|${what}`;
	const now = Date.now();
	const cached = fromCredentials.get(key, now);
	if (cached !== undefined) return cached;
	const value = await read();
	fromCredentials.set(key, value, now);
	return value;
}

export function forgetCredentialValues(): void {
	fromCredentials.clear();
}
