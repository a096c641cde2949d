/** What Ghost recorded of a delivery to n8n, and what it means for the publisher. */
export interface DeliveryVerdict {
	ok: boolean;
	/** One line a publisher can act on. */
	message: string;
	/** Ghost's own record: the HTTP status n8n answered, or Ghost's error. */
	ghostStatus: number | null;
	ghostError: string | null;
}

export interface RecordedDelivery {
	lastTriggeredAt: string | null;
	lastTriggeredStatus: number | null;
	lastTriggeredError: string | null;
}

/**
 * Any answer from n8n but 404 means Ghost reached it (the trigger answers 401 to a delivery it
 * cannot verify, which the check's is not signed for); 404 is n8n without the webhook; no answer
 * is a network or a Ghost setting that stops Ghost from reaching n8n.
 */
export function deliveryVerdict(
	recorded: RecordedDelivery | undefined,
	webhookUrl: string,
): DeliveryVerdict {
	const base = {
		ghostStatus: recorded?.lastTriggeredStatus ?? null,
		ghostError: recorded?.lastTriggeredError ?? null,
	};
	if (!recorded?.lastTriggeredAt)
		return {
			...base,
			ok: false,
			message: `Ghost recorded no delivery to n8n within a minute. On Ghost(Pro) plans with the custom-integrations limit Ghost sends no webhooks of custom integrations; otherwise check that Ghost's webhooks run (its logs show "Triggering webhook").`,
		};
	const status = recorded.lastTriggeredStatus;
	if (status !== null && status !== 404 && status < 500)
		return {
			...base,
			ok: true,
			message: `Ghost reached n8n at ${webhookUrl} (n8n answered ${status})`,
		};
	if (status === 404)
		return {
			...base,
			ok: false,
			message: `Ghost reached n8n, but n8n has no published webhook at ${webhookUrl}: publish the site sync, and check that n8n's WEBHOOK_URL is the address Ghost should use`,
		};
	const error = recorded.lastTriggeredError ?? (status ? `HTTP ${status}` : 'no answer');
	return {
		...base,
		ok: false,
		message: `Ghost could not deliver to n8n at ${webhookUrl} (${error}). Set n8n's WEBHOOK_URL to an address Ghost can reach; for an n8n on a private or loopback address a self-hosted Ghost needs security.allowWebhookInternalIPs set to true in its config.`,
	};
}
