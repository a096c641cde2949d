import { createHash } from 'node:crypto';

/**
 * What of a Ghost member can change a Campaign Monitor write, as plain strings: the basis of
 * "is this still the member Ghost has?" (the live sync reads the member before its write and
 * again after it) and "did the member change since this event?" (a replay).
 *
 * Dates count by the day, as Campaign Monitor stores them, so Ghost's activity stamps (last seen,
 * which also moves `updated_at`) do not make a written member look out of date.
 */

type Member = Record<string, unknown>;
type Entry = Record<string, unknown> | null | undefined;

function text(value: unknown): string | undefined {
	if (value === null || value === undefined) return '';
	return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
		? String(value).trim()
		: undefined;
}

function day(value: unknown): string {
	return typeof value === 'string' ? value.slice(0, 10) : '';
}

/** Sorted, joined entries of one of Ghost's arrays; undefined when the member lacks the array. */
function sortedList(value: unknown, entry: (e: Entry) => string): string | undefined {
	if (!Array.isArray(value)) return undefined;
	return value
		.map((e) => (typeof e === 'string' ? e : entry(e as Entry)))
		.filter((e) => e !== '')
		.sort()
		.join('|');
}

const nameOf = (e: Entry) => String(e?.name ?? '');
const newsletterOf = (e: Entry) =>
	e?.status === undefined || e?.status === 'active' ? String(e?.id ?? e?.name ?? '') : '';

function subscriptionOf(e: Entry): string {
	const plan = (e?.plan ?? {}) as Entry;
	return [
		e?.id,
		e?.status,
		e?.cancel_at_period_end,
		day(e?.current_period_end),
		day(e?.trial_end_at),
		day(e?.start_date),
		plan?.interval,
		(e?.tier as Entry)?.id ?? (e?.price as { tier?: Entry } | undefined)?.tier?.id,
	]
		.map((v) => String(v ?? ''))
		.join(',');
}

/** The member's sync-relevant values; a key is absent when the member (a payload) lacks it. */
export function memberProjection(member: Member): Record<string, string> {
	const projection: Record<string, string> = {};
	const put = (key: string, value: string | undefined) => {
		if (value !== undefined) projection[key] = value;
	};
	if ('email' in member) put('email', text(member.email)?.toLowerCase());
	if ('name' in member) put('name', text(member.name));
	if ('status' in member) put('status', text(member.status));
	if (typeof member.subscribed === 'boolean') put('subscribed', String(member.subscribed));
	put('newsletters', sortedList(member.newsletters, newsletterOf));
	put('labels', sortedList(member.labels, nameOf));
	put(
		'tiers',
		sortedList(member.tiers, (e) => `${nameOf(e)}@${day(e?.expiry_at)}`),
	);
	put('subscriptions', sortedList(member.subscriptions, subscriptionOf));
	if ('created_at' in member) put('created', day(member.created_at));
	if ('updated_at' in member) put('updated', day(member.updated_at));
	return projection;
}

/** A short, stable fingerprint of a member as read from Ghost's Admin API. */
export function memberFingerprint(member: Member): string {
	const projection = memberProjection(member);
	const canonical = Object.keys(projection)
		.sort()
		.map((key) => `${key}=${projection[key]}`)
		.join('\n');
	return createHash('sha256').update(canonical).digest('hex').slice(0, 24);
}

/**
 * Whether Ghost's member now differs from the member an event carried, on the keys the event
 * carried (a webhook leaves some out: labels on some signups, subscriptions on most edits). The
 * day-granular `updated` stamp is left out: it moves with activity.
 */
export function changedSinceEvent(eventMember: Member, ghostMember: Member): boolean {
	const before = memberProjection(eventMember);
	const now = memberProjection(ghostMember);
	return Object.keys(before).some(
		(key) =>
			key !== 'updated' &&
			// An empty list in a webhook often means "not loaded" (subscriptions on edits).
			!(key === 'subscriptions' && before[key] === '') &&
			key in now &&
			before[key] !== now[key],
	);
}
