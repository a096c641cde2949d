import type { IDataObject, IGetNodeParameterOptions, IWebhookFunctions } from 'n8n-workflow';

import { processState } from './processState';

/**
 * What a trigger's webhook request path reads, without making n8n do per-request work it can
 * skip: parameters are taken as stored unless they hold an expression (so n8n need not evaluate,
 * and with N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE never acquires an expression isolate for a
 * delivery), and values that come from credentials are kept in memory for a minute instead of
 * being decrypted on every request (they stay encrypted at rest).
 */

/** A resource locator value as n8n stores it ({ __rl, mode, value }). */
export const isLocator = (value: unknown): value is { __rl: true; value: unknown } =>
	typeof value === 'object' && value !== null && (value as IDataObject).__rl === true;

export function containsExpression(value: unknown): boolean {
	if (typeof value === 'string') return value.startsWith('=');
	if (Array.isArray(value)) return value.some(containsExpression);
	if (value !== null && typeof value === 'object')
		return Object.values(value).some(containsExpression);
	return false;
}

/**
 * A parameter as stored (its default when n8n left it out, as it does for defaults), or as n8n
 * evaluates it when it holds an expression.
 */
export function storedParameter<T = unknown>(
	this: IWebhookFunctions,
	name: string,
	fallback: unknown,
	options?: IGetNodeParameterOptions,
): T {
	const raw = (this.getNode().parameters as IDataObject)[name];
	if (raw === undefined) return fallback as T;
	if (containsExpression(raw)) return this.getNodeParameter(name, fallback, options) as T;
	return (options?.extractValue && isLocator(raw) ? raw.value : raw) as T;
}

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
	const cached = processState.credentialValues.get(key, now);
	if (cached !== undefined) return cached;
	const value = await read();
	processState.credentialValues.set(key, value, now);
	return value;
}
