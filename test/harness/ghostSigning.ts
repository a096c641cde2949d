import { createHmac } from 'node:crypto';

/**
 * The X-Ghost-Signature header exactly as Ghost builds it (HMAC-SHA256 of the body, then the
 * timestamp): for the tests, the demo and the benchmarks, which play Ghost. Not shipped.
 */
export function signGhostPayload(
	rawBody: Buffer | string,
	secret: string,
	timestamp: number,
): string {
	const digest = createHmac('sha256', secret)
		.update(rawBody)
		.update(String(timestamp))
		.digest('hex');
	return `sha256=${digest}, t=${timestamp}`;
}
