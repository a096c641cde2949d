/** Ghost ids (members, webhooks, newsletters) are 24 lower-case hex characters (MongoDB ObjectIds). */
const GHOST_ID = /^[0-9a-f]{24}$/;

export function isGhostId(value: unknown): value is string {
	return typeof value === 'string' && GHOST_ID.test(value);
}

/**
 * A Ghost id ready for a URL path, or undefined when the value is not one. Checked and encoded so
 * that `../settings` or `abc/?include=…` can never change which endpoint is called.
 */
export function ghostIdSegment(value: unknown): string | undefined {
	const id = String(value ?? '')
		.trim()
		.toLowerCase();
	return isGhostId(id) ? encodeURIComponent(id) : undefined;
}
