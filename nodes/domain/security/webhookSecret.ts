import { createHash, createHmac } from 'node:crypto';

import { parseAdminApiKey } from '../ghost/ghostAdminToken';

/**
 * The secret the trigger gives Ghost to sign one webhook node's deliveries with, derived from the
 * Admin API key's secret and the node's webhook id rather than generated and kept in static data:
 * in n8n's queue mode, workers save a workflow's static data from executions that started without
 * it (n8n 2.40 leaves static data out of the execution's workflow snapshot), which wiped a stored
 * secret and made every later delivery fail. Derived, any process with the credential can
 * recompute it, it survives a lost registration, and a new Admin API key gives a new secret.
 */
export function deriveWebhookSecret(adminApiKey: string, webhookKey: string): string {
	const { secret } = parseAdminApiKey(adminApiKey);
	return createHmac('sha256', secret)
		.update(`n8n-nodes-ghost-campaign-monitor|webhook-secret|v1|${webhookKey}`)
		.digest('hex');
}

/**
 * What a trigger node's secret and references are derived from: its webhook id, or for a node n8n
 * gave none, its workflow and name.
 */
export function webhookKeyOf(
	node: { webhookId?: string; name: string },
	workflowId: string,
): string {
	return node.webhookId ?? `${workflowId}|${node.name}`;
}

/** Enough to tell whether Ghost's webhooks were registered with this secret, without storing it. */
export function secretFingerprint(secret: string): string {
	return createHash('sha256').update(secret).digest('hex').slice(0, 16);
}

/**
 * The key the Campaign Monitor Trigger references addresses with (dead letters keep no address in
 * clear): derived from the Campaign Monitor API key and the node's webhook id, so every process
 * with the credential computes the same reference for the same address.
 */
export function deriveEmailRefKey(cmApiKey: string, webhookKey: string): string {
	return createHmac('sha256', cmApiKey)
		.update(`n8n-nodes-ghost-campaign-monitor|email-ref|v1|${webhookKey}`)
		.digest('hex');
}
