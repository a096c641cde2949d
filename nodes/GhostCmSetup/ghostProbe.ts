import { randomBytes } from 'node:crypto';

import type { IExecuteFunctions } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import {
	createGhostTag,
	createGhostWebhook,
	deleteGhostTag,
	deleteGhostWebhook,
	readGhostWebhook,
} from '../transport/ghost';
import { deliveryVerdict, type DeliveryVerdict } from '../domain/setup/delivery';

const PROBE_NAME = 'n8n setup check (removed after the check)';
/**
 * Ghost retries a delivery that timed out 5 times with backoff (about 45 s) before it records
 * the error. Reads are spaced: reading a webhook is an edit in Ghost's API, and an edit that
 * lands while Ghost records the delivery can overwrite that record.
 */
const PROBE_WAIT_MS = 60_000;
const FIRST_READ_MS = 2_000;
const READ_EVERY_MS = 3_000;

/**
 * Proves that Ghost can deliver to the site sync's webhook URL, as Ghost itself reports it: a
 * temporary webhook for `tag.added` pointing at that URL, a hidden tag made and deleted to fire
 * it, then what Ghost recorded of the delivery. Everything it made is removed again.
 */
export async function probeGhostDelivery(
	this: IExecuteFunctions,
	webhookUrl: string,
): Promise<DeliveryVerdict> {
	const nonce = randomBytes(6).toString('hex');
	const target = `${webhookUrl}${webhookUrl.includes('?') ? '&' : '?'}event=setup.check&check=${nonce}`;
	const webhookId = await createGhostWebhook.call(this, {
		event: 'tag.added',
		target_url: target,
		name: PROBE_NAME,
	});
	if (!webhookId) return deliveryVerdict(undefined, webhookUrl);
	let tagId = '';
	try {
		tagId = await createGhostTag.call(this, `#n8n-setup-check-${nonce}`);
		const started = Date.now();
		await sleep(FIRST_READ_MS);
		for (;;) {
			const state = await readGhostWebhook.call(this, webhookId, PROBE_NAME);
			if (state?.lastTriggeredAt || Date.now() - started > PROBE_WAIT_MS)
				return deliveryVerdict(state, webhookUrl);
			await sleep(READ_EVERY_MS);
		}
	} finally {
		await deleteGhostTag.call(this, tagId).catch(() => undefined);
		await deleteGhostWebhook.call(this, webhookId).catch(() => undefined);
	}
}
