import { toCmDate } from '../campaignMonitor/cmFields';

/**
 * The paid-member lifecycle as Campaign Monitor journeys fire on it: the member's current
 * subscription (trial end, renewal date, scheduled cancellation, failed payment, comp expiry).
 *
 * "Current": the subscription that gives access (trialing, active, past_due, unpaid, or a gift),
 * the one running longest when there are several; else the latest ended one, whose status alone
 * is kept: its dates and plan are cleared, so no journey fires on a renewal that will not come.
 */

type Subscription = Record<string, unknown>;

/** Stripe's statuses that still give access, and Ghost's synthetic gift subscriptions. */
const GIVES_ACCESS = new Set(['trialing', 'active', 'past_due', 'unpaid', 'gift']);

/** Each value is what to write ('' clears the field); undefined means "not known: leave it". */
export interface Lifecycle {
	status: string;
	interval: string;
	cancelsAtPeriodEnd: string;
	periodEnd: string;
	trialEnd: string;
	paidSince: string;
}

const time = (value: unknown) => {
	const ms = typeof value === 'string' ? Date.parse(value) : NaN;
	return Number.isFinite(ms) ? ms : 0;
};

const latest = (subscriptions: Subscription[]) =>
	subscriptions.reduce<Subscription | undefined>(
		(best, s) =>
			!best ||
			time(s.current_period_end) > time(best.current_period_end) ||
			(time(s.current_period_end) === time(best.current_period_end) &&
				time(s.start_date) > time(best.start_date))
				? s
				: best,
		undefined,
	);

const day = (value: unknown) => toCmDate(value) ?? '';

export function lifecycleOf(member: Record<string, unknown>): Lifecycle | undefined {
	const subscriptions = member.subscriptions;
	if (!Array.isArray(subscriptions)) return undefined;
	// Ghost's webhooks send `subscriptions: []` for paid members (not loaded): not "none".
	if (subscriptions.length === 0 && member.status !== 'free') return undefined;
	const all = subscriptions.filter((s): s is Subscription => typeof s === 'object' && s !== null);
	const current = latest(all.filter((s) => GIVES_ACCESS.has(String(s.status))));
	if (current) {
		const status = String(current.status);
		return {
			status,
			interval: String((current.plan as Subscription | undefined)?.interval ?? ''),
			cancelsAtPeriodEnd: String(current.cancel_at_period_end === true),
			periodEnd: day(current.current_period_end),
			trialEnd: status === 'trialing' ? day(current.trial_end_at) : '',
			paidSince: day(current.start_date),
		};
	}
	const ended = latest(all);
	return {
		status: ended ? String(ended.status ?? '') : '',
		interval: '',
		cancelsAtPeriodEnd: '',
		periodEnd: '',
		trialEnd: '',
		paidSince: '',
	};
}
