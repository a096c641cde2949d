import { lifecycleOf } from '../../nodes/domain/ghost/lifecycle';
import { ghostMemberToSubscriber } from '../../nodes/domain/sync/memberMapping';
import { BUNDLED_OPTIONAL_GHOST_FIELDS } from '../../nodes/domain/sync/ghostFields';

/** Subscriptions shaped as Ghost 6.65's Admin API returns them (members-api serializers). */
const subscription = (changes: Record<string, unknown> = {}) => ({
	id: 'sub_1',
	customer: { id: 'cus_1', name: 'Ada', email: 'ada@example.com' },
	status: 'active',
	cancel_at_period_end: false,
	cancellation_reason: null,
	current_period_end: '2027-01-15T10:00:00.000Z',
	start_date: '2026-01-15T10:00:00.000Z',
	default_payment_card_last4: '4242',
	trial_start_at: null,
	trial_end_at: null,
	plan: { id: 'price_1', nickname: 'Yearly', amount: 5000, interval: 'year', currency: 'usd' },
	price: { id: 'price_1', tier: { id: 't1', name: 'Gold', tier_id: 't1' } },
	tier: { id: 't1', name: 'Gold' },
	offer: null,
	...changes,
});
const member = (status: string, subscriptions: unknown[]) => ({
	id: '6'.repeat(24),
	email: 'ada@example.com',
	status,
	subscriptions,
});
const fields = (m: Record<string, unknown>) =>
	Object.fromEntries(
		ghostMemberToSubscriber(m, {
			optionalFields: BUNDLED_OPTIONAL_GHOST_FIELDS.map((f) => f.FieldName),
		})
			.CustomFields.filter((f) => f.Key !== 'ghost_status' && f.Key !== 'ghost_tiers')
			.filter((f) => BUNDLED_OPTIONAL_GHOST_FIELDS.some((spec) => spec.FieldName === f.Key))
			.map((f) => [f.Key, f.Clear ? '(cleared)' : f.Value]),
	);

describe('lifecycle fields from the shapes Ghost produces', () => {
	it('a paid yearly member: active, renews on its period end', () => {
		expect(fields(member('paid', [subscription()]))).toEqual({
			ghost_subscription_status: 'active',
			ghost_plan_interval: 'year',
			ghost_cancels_at_period_end: 'false',
			ghost_period_end: '2027-01-15',
			ghost_trial_end: '(cleared)',
			ghost_paid_since: '2026-01-15',
		});
	});

	it('a trialing member: the trial end is written', () => {
		const trial = subscription({
			status: 'trialing',
			trial_start_at: '2026-11-20T00:00:00.000Z',
			trial_end_at: '2026-12-04T00:00:00.000Z',
			current_period_end: '2026-12-04T00:00:00.000Z',
			plan: { interval: 'month' },
		});
		expect(fields(member('paid', [trial]))).toMatchObject({
			ghost_subscription_status: 'trialing',
			ghost_plan_interval: 'month',
			ghost_trial_end: '2026-12-04',
			ghost_period_end: '2026-12-04',
		});
	});

	it('a failed payment: past_due while the member stays paid', () => {
		expect(lifecycleOf(member('paid', [subscription({ status: 'past_due' })]))?.status).toBe(
			'past_due',
		);
		expect(lifecycleOf(member('paid', [subscription({ status: 'unpaid' })]))?.status).toBe(
			'unpaid',
		);
	});

	it('a scheduled cancellation (the portal flip Ghost sends with previous.subscriptions): access ends at the period end', () => {
		const cancelling = subscription({ cancel_at_period_end: true });
		expect(fields(member('paid', [cancelling]))).toMatchObject({
			ghost_subscription_status: 'active',
			ghost_cancels_at_period_end: 'true',
			ghost_period_end: '2027-01-15',
		});
	});

	it('a comp with an expiry (Ghost’s synthetic Complimentary subscription) and without one', () => {
		const comp = (expiry: string | null) =>
			subscription({
				id: '',
				status: 'active',
				plan: { id: '', nickname: 'Complimentary', amount: 0, interval: 'year', currency: 'usd' },
				current_period_end: expiry,
				start_date: '2026-06-01T00:00:00.000Z',
			});
		expect(fields(member('comped', [comp('2027-03-12T00:00:00.000Z')]))).toMatchObject({
			ghost_subscription_status: 'active',
			ghost_period_end: '2027-03-12',
		});
		expect(fields(member('comped', [comp(null)]))).toMatchObject({
			ghost_subscription_status: 'active',
			ghost_period_end: '(cleared)',
		});
	});

	it('a gift subscription gives access', () => {
		expect(lifecycleOf(member('paid', [subscription({ status: 'gift' })]))?.status).toBe('gift');
	});

	it('several subscriptions: the one that gives access, the longest running; not an ended one', () => {
		const old = subscription({
			id: 'sub_old',
			status: 'canceled',
			current_period_end: '2027-06-01T00:00:00.000Z',
		});
		const monthly = subscription({
			id: 'sub_m',
			plan: { interval: 'month' },
			current_period_end: '2026-12-20T00:00:00.000Z',
		});
		const yearly = subscription({ id: 'sub_y', current_period_end: '2027-11-30T00:00:00.000Z' });
		expect(fields(member('paid', [old, monthly, yearly]))).toMatchObject({
			ghost_subscription_status: 'active',
			ghost_plan_interval: 'year',
			ghost_period_end: '2027-11-30',
		});
	});

	it('back to free: the ended status stays, every date and the plan are cleared', () => {
		const ended = subscription({ status: 'canceled', cancellation_reason: 'Payment failed' });
		expect(fields(member('free', [ended]))).toEqual({
			ghost_subscription_status: 'canceled',
			ghost_plan_interval: '(cleared)',
			ghost_cancels_at_period_end: '(cleared)',
			ghost_period_end: '(cleared)',
			ghost_trial_end: '(cleared)',
			ghost_paid_since: '(cleared)',
		});
	});

	it('a free member who never paid: every lifecycle field empty', () => {
		expect(Object.values(fields(member('free', []))).every((v) => v === '(cleared)')).toBe(true);
	});

	it('a webhook’s empty subscriptions for a paid member (not loaded) leaves the fields alone', () => {
		expect(lifecycleOf(member('paid', []))).toBeUndefined();
		expect(fields(member('paid', []))).toEqual({});
		expect(lifecycleOf({ status: 'paid' })).toBeUndefined();
	});
});
