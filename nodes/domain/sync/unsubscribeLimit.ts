/**
 * The safety limit on a run's unsubscribes. Campaign Monitor cannot resubscribe anyone without
 * their consent, so a run that would unsubscribe a large share of the list (a Ghost that reads
 * empty after a restore, another site's key, a filter typo) stops before unsubscribing anyone
 * and asks to be confirmed. A small list's few leavers always pass (the floor).
 */

export interface UnsubscribeLimit {
	/** Share of the list's Active subscribers one run may unsubscribe. */
	percent: number;
	/** Up to this many always pass. */
	floor: number;
}

export const DEFAULT_UNSUBSCRIBE_LIMIT: UnsubscribeLimit = { percent: 10, floor: 20 };

function number(value: unknown, fallback: number): number {
	const n = Number(value);
	return value === undefined || value === '' || !Number.isFinite(n) || n < 0 ? fallback : n;
}

/** The limit from the node's options; anything that is not a number ≥ 0 means the default. */
export function unsubscribeLimitOf(options: {
	unsubscribeLimitPercent?: unknown;
	unsubscribeLimitFloor?: unknown;
}): UnsubscribeLimit {
	return {
		percent: Math.min(
			100,
			number(options.unsubscribeLimitPercent, DEFAULT_UNSUBSCRIBE_LIMIT.percent),
		),
		floor: Math.floor(number(options.unsubscribeLimitFloor, DEFAULT_UNSUBSCRIBE_LIMIT.floor)),
	};
}

export interface UnsubscribeCheck {
	unsubscribes: number;
	activeSubscribers: number;
	/** The most this run may unsubscribe without confirmation. */
	allowed: number;
	/** Whether the run stops before unsubscribing (unless confirmed). */
	exceeded: boolean;
	/** Why it stops and how to confirm; empty when it does not. */
	message: string;
}

/**
 * `ghostReadEmpty`: the full sync read no member at all. Then any unsubscribe stops the run:
 * an empty site that once filled a list is far likelier a wrong credential than a real one.
 */
export function checkUnsubscribes(
	unsubscribes: number,
	activeSubscribers: number,
	limit: UnsubscribeLimit,
	ghostReadEmpty = false,
): UnsubscribeCheck {
	const allowed = ghostReadEmpty
		? 0
		: Math.max(limit.floor, Math.floor((activeSubscribers * limit.percent) / 100));
	const exceeded = unsubscribes > allowed;
	const share =
		activeSubscribers > 0
			? ` (${Math.round((unsubscribes / activeSubscribers) * 1000) / 10} %)`
			: '';
	const confirm =
		'If that is right, run it once with Options → Confirm Large Unsubscribe on; its adds and updates went through.';
	let message = '';
	if (exceeded && ghostReadEmpty)
		message = `Ghost returned no members, so this run would unsubscribe ${unsubscribes} of ${activeSubscribers} Active subscribers: nobody was unsubscribed. Check the Ghost credential's site and the Ghost Filter. ${confirm}`;
	else if (exceeded)
		message = `This run would unsubscribe ${unsubscribes} of ${activeSubscribers} Active subscribers${share}, more than the safety limit (${limit.percent} % of Active, at least ${limit.floor}): nobody was unsubscribed. Check the Ghost credential and the Ghost Filter. ${confirm}`;
	return { unsubscribes, activeSubscribers, allowed, exceeded, message };
}
