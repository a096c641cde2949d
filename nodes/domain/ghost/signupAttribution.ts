import { fitText } from '../campaignMonitor/cmFields';
import { isGhostId } from './ghostId';

/**
 * Where a member came from, as Ghost records it when they sign up (`members_created_events`):
 * the shape of `attribution` in `GET /members/:id/`. Ghost's member list leaves it out, so the
 * sync reads it from Ghost's activity feed (`GET /members/events/`, signup events), 100 members
 * per read, and puts it on the member as `attribution`.
 */
export interface SignupAttribution {
	referrer_source: string | null;
	referrer_medium: string | null;
	referrer_url: string | null;
	/** The page the reader signed up on: a path in the feed, a full URL in a member read. */
	url: string | null;
}

/**
 * Members per activity-feed read, and the most events Ghost answers in one. A member with two
 * signup events can push another's out of a full answer: those are read again.
 */
export const SIGNUP_READS_PER_CALL = 100;

/** The feed's filter for these members' signup events (ids that are not Ghost ids never sent). */
export function signupEventsFilter(memberIds: readonly string[]): string {
	return `type:signup_event+data.member_id:[${memberIds.filter(isGhostId).join(',')}]`;
}

const text = (value: unknown): string | null =>
	typeof value === 'string' && value.trim() !== '' ? value.trim() : null;

/**
 * Each asked-for member's attribution from one feed answer; null for a member with no signup
 * event (Ghost records none for members older than attribution). The feed is newest first and
 * Ghost's member read takes the newest event, so the first event per member wins.
 */
export function attributionsFromEvents(
	events: unknown,
	memberIds: readonly string[],
): Map<string, SignupAttribution | null> {
	return attributionsAnswered(events, memberIds).found;
}

/**
 * As attributionsFromEvents, and which ids a full answer (as many events as Ghost answers at
 * most) may have cut off: to be read again.
 */
export function attributionsAnswered(
	events: unknown,
	memberIds: readonly string[],
	limit = SIGNUP_READS_PER_CALL,
): { found: Map<string, SignupAttribution | null>; again: string[] } {
	const list = Array.isArray(events) ? events : [];
	const found = attributionsFound(list, memberIds);
	const again =
		list.length >= limit ? memberIds.filter((id) => found.get(id.toLowerCase()) === null) : [];
	// An answer that found nobody cannot be narrowed further: those have none.
	return { found, again: again.length < memberIds.length ? again : [] };
}

function attributionsFound(
	events: unknown[],
	memberIds: readonly string[],
): Map<string, SignupAttribution | null> {
	const found = new Map<string, SignupAttribution | null>(
		memberIds.map((id) => [id.toLowerCase(), null]),
	);
	const seen = new Set<string>();
	for (const event of events as Array<{ type?: unknown; data?: unknown }>) {
		if (event?.type !== 'signup_event') continue;
		const data = (event.data ?? {}) as Record<string, unknown>;
		const id = String(data.member_id ?? '').toLowerCase();
		if (!found.has(id) || seen.has(id)) continue;
		seen.add(id);
		found.set(id, {
			referrer_source: text(data.referrer_source),
			referrer_medium: text(data.referrer_medium),
			referrer_url: text(data.referrer_url),
			url: text(data.attribution_url),
		});
	}
	return found;
}

/** The member's attribution: undefined when not read (leave the fields), null when Ghost has none. */
function attributionOf(member: Record<string, unknown>): SignupAttribution | null | undefined {
	if (!('attribution' in member)) return undefined;
	const value = member.attribution;
	return value && typeof value === 'object' ? (value as SignupAttribution) : null;
}

/** The path of a signup page: Ghost keeps a path; its member read gives a full URL. */
export function signupPath(url: string | null): string {
	if (!url) return '';
	const path = url.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i, '').replace(/[?#].*$/, '');
	return fitText(path || '/');
}

/** ghost_signup_source for a member Ghost recorded no signup for (older members, some imports). */
export const UNKNOWN_SOURCE = 'Unknown';

/**
 * ghost_signup_source: the referrer's source, "Direct" when the reader came with none (Ghost's
 * own name for it in its sources report), "Unknown" when Ghost recorded no signup: never empty
 * once read, so each member's signup is read once.
 */
export function signupSource(member: Record<string, unknown>): string | undefined {
	const attribution = attributionOf(member);
	if (attribution === undefined) return undefined;
	if (attribution === null) return UNKNOWN_SOURCE;
	return fitText(text(attribution.referrer_source) ?? 'Direct');
}

export function signupMedium(member: Record<string, unknown>): string | undefined {
	const attribution = attributionOf(member);
	if (attribution === undefined) return undefined;
	return fitText(text(attribution?.referrer_medium) ?? '');
}

export function signupPage(member: Record<string, unknown>): string | undefined {
	const attribution = attributionOf(member);
	if (attribution === undefined) return undefined;
	return signupPath(text(attribution?.url));
}
