/**
 * Catch-up between full syncs: which members to look at (those Ghost changed since the last
 * successful run, with an overlap so nothing changed during that run slips through), and how
 * the cursor is kept (per list, in the node's static data, advanced only after a run succeeded).
 */

import { withinFilter } from '../ghost/nql';

export const DEFAULT_OVERLAP_MINUTES = 5;
export const DEFAULT_FIRST_LOOK_BACK_MINUTES = 60;

export interface CatchUpState {
	/** List id → ISO time the last successful run started. */
	cursors?: Record<string, string>;
}

function minutes(value: unknown, fallback: number): number {
	const n = Number(value);
	return Number.isFinite(n) && n >= 0 ? n : fallback;
}

/** Ghost's NQL date form, UTC: `YYYY-MM-DD HH:mm:ss`. */
export function nqlDate(date: Date): string {
	return date.toISOString().slice(0, 19).replace('T', ' ');
}

/** Where this run starts looking: the last run's start less the overlap, or a first look-back. */
export function catchUpSince(
	state: CatchUpState,
	listId: string,
	now: Date,
	options: { overlapMinutes?: unknown; firstLookBackMinutes?: unknown } = {},
): Date {
	const cursor = state.cursors?.[listId.toLowerCase()];
	const last = cursor ? Date.parse(cursor) : NaN;
	if (Number.isFinite(last)) {
		return new Date(last - minutes(options.overlapMinutes, DEFAULT_OVERLAP_MINUTES) * 60_000);
	}
	return new Date(
		now.getTime() - minutes(options.firstLookBackMinutes, DEFAULT_FIRST_LOOK_BACK_MINUTES) * 60_000,
	);
}

/** The Ghost filter for members changed since then, joined with the user's own filter. */
export function changedSinceFilter(since: Date, userFilter = ''): string {
	return withinFilter(`updated_at:>'${nqlDate(since)}'`, userFilter);
}

/** Moves the cursor to this run's start, never back (a longer, older run may finish last). */
export function advanceCursor(state: CatchUpState, listId: string, startedAt: Date): void {
	const cursors = Object.assign(Object.create(null) as Record<string, string>, state.cursors ?? {});
	const key = listId.toLowerCase();
	const current = Date.parse(cursors[key] ?? '');
	if (Number.isFinite(current) && current >= startedAt.getTime()) return;
	cursors[key] = startedAt.toISOString();
	state.cursors = cursors;
}

/**
 * Failed payments send no webhook (the member stays `paid`): the catch-up also reads the members
 * whose subscription is past_due or unpaid, so a failed payment reaches Campaign Monitor within
 * one catch-up interval.
 */
export function failedPaymentFilter(userFilter = ''): string {
	return withinFilter('subscriptions.status:[past_due,unpaid]', userFilter);
}
