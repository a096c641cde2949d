import type { CmDataType } from '../campaignMonitor/cmFields';
import { fitList, toCmDate } from '../campaignMonitor/cmFields';
import type { Lifecycle } from '../ghost/lifecycle';
import { lifecycleOf } from '../ghost/lifecycle';
import { suppressionOf } from './listRule';
import { signupMedium, signupPage, signupSource } from '../ghost/signupAttribution';

/** What a field's value can come from besides the member: the Status Diff's memory. */
export interface StatusHistory {
	/** Status before the last change; written only when known. */
	previousStatus?: string;
	/** When the status last changed; written only when known. */
	statusChangedAt?: string | Date;
}

export interface GhostFieldSpec {
	/** The Campaign Monitor custom field (its key is `[FieldName]`). */
	FieldName: string;
	DataType: CmDataType;
	/** Written by every sync and created by *Ensure*; the others are chosen under *Optional Ghost Fields*. */
	default: boolean;
	/**
	 * Optional, but chosen in the bundled workflows and created by *Ensure*: the lifecycle,
	 * engagement and signup fields and the tiers, which journeys are built on.
	 */
	bundled?: boolean;
	/** An empty value clears the field in Campaign Monitor (labels gone, no subscription any more). */
	clearWhenEmpty?: boolean;
	/** From the current subscription: it changes with no webhook (renewals, failed payments). */
	lifecycle?: boolean;
	/**
	 * Changes with reading, not with edits (open rate, emails, last seen): no edit starts a write
	 * for it (the trigger drops activity-only edits, the catch-up leaves it to the full sync).
	 */
	activity?: boolean;
	/**
	 * From the member's signup (`attribution`), which Ghost's member list leaves out: read from
	 * Ghost's activity feed only for members Campaign Monitor has none for (it never changes).
	 */
	signup?: boolean;
	/** The full sync updates a subscriber when this value differs (not timestamps or status history). */
	compared: boolean;
	/** One line for the README's field table and the node options. */
	description: string;
	/** The value from a Ghost member (webhook or Admin API shape); undefined leaves the field untouched. */
	value(member: Record<string, unknown>, history: StatusHistory): string | undefined;
}

type Named = { name?: unknown; status?: unknown };

/** Names from Ghost's labels/tiers/newsletters arrays; undefined when the payload has no such array. */
/** The names in a member's list of labels, tiers or newsletters (undefined: no list). */
export function names(value: unknown, onlyActive = false): string[] | undefined {
	if (!Array.isArray(value)) return undefined;
	return value
		.filter(
			(entry: Named) => !onlyActive || entry?.status === undefined || entry.status === 'active',
		)
		.map((entry: Named) => (typeof entry === 'string' ? entry : String(entry?.name ?? '')))
		.filter((name) => name.trim() !== '');
}

/** A lifecycle value: undefined (leave the field) when the member's subscriptions are not known. */
const lifecycle =
	(key: keyof Lifecycle) =>
	(member: Record<string, unknown>): string | undefined =>
		lifecycleOf(member)?.[key];

function joined(list: string[] | undefined): string | undefined {
	return list === undefined ? undefined : fitList(list);
}

/** A whole number from Ghost's member (counts, the open rate in percent); '' for null. */
const wholeNumber =
	(key: string) =>
	(member: Record<string, unknown>): string | undefined => {
		const value = member[key];
		if (value === null) return '';
		return typeof value === 'number' && Number.isFinite(value)
			? String(Math.round(value))
			: undefined;
	};

/** A day from Ghost's member; '' for null (never seen). */
const day =
	(key: string) =>
	(member: Record<string, unknown>): string | undefined =>
		member[key] === null ? '' : key in member ? (toCmDate(member[key]) ?? '') : undefined;

/**
 * "true" when the member gets any newsletter: Ghost's `subscribed`, else their active newsletters;
 * "false" for a member Ghost suppresses (Ghost mails them nothing, whatever their newsletters).
 */
function emailEnabled(member: Record<string, unknown>): string | undefined {
	if (suppressionOf(member)) return 'false';
	if (typeof member.subscribed === 'boolean') return String(member.subscribed);
	const newsletters = names(member.newsletters, true);
	return newsletters === undefined ? undefined : String(newsletters.length > 0);
}

/**
 * The one list of `ghost_*` fields (PRODUCT.md "Campaign Monitor fields"). The mapping, the full
 * sync's comparison, *Ensure* and the node options all derive from it; tests check that the bundled
 * site sync maps every default field and that the README's table names every field.
 */
export const GHOST_FIELDS: readonly GhostFieldSpec[] = [
	{
		FieldName: 'ghost_status',
		DataType: 'Text',
		default: true,
		compared: true,
		description: 'free, paid or comped',
		value: (m) => (typeof m.status === 'string' && m.status ? m.status : undefined),
	},
	{
		FieldName: 'ghost_signup_date',
		DataType: 'Date',
		default: true,
		compared: true,
		description: 'when the member signed up',
		value: (m) => toCmDate(m.created_at),
	},
	{
		FieldName: 'ghost_last_updated',
		DataType: 'Date',
		default: true,
		compared: false,
		description: 'when Ghost last changed the member',
		value: (m) => toCmDate(m.updated_at),
	},
	{
		FieldName: 'ghost_status_changed_at',
		DataType: 'Date',
		default: true,
		compared: false,
		description: 'when the status last changed (Member Status Diff)',
		value: (_m, history) =>
			history.statusChangedAt === undefined ? undefined : toCmDate(history.statusChangedAt),
	},
	{
		FieldName: 'ghost_previous_status',
		DataType: 'Text',
		default: true,
		compared: false,
		description: 'the status before the last change (Member Status Diff)',
		value: (_m, history) => history.previousStatus || undefined,
	},
	{
		FieldName: 'ghost_labels',
		DataType: 'Text',
		default: true,
		compared: true,
		description: 'the member’s labels, joined with ", "',
		clearWhenEmpty: true,
		value: (m) => joined(names(m.labels)),
	},
	{
		FieldName: 'ghost_email_enabled',
		DataType: 'Text',
		default: true,
		compared: true,
		description: '"true" when the member gets any newsletter',
		value: emailEnabled,
	},
	{
		FieldName: 'ghost_email_suppressed',
		DataType: 'Text',
		default: true,
		compared: true,
		clearWhenEmpty: true,
		description:
			'why Ghost suppresses the member’s email: spam (a spam complaint), bounce (a hard bounce) or suppressed; empty when it does not',
		value: (m) => {
			const suppression = suppressionOf(m);
			return suppression === undefined ? undefined : (suppression ?? '');
		},
	},
	{
		FieldName: 'ghost_tiers',
		DataType: 'Text',
		default: false,
		bundled: true,
		compared: true,
		clearWhenEmpty: true,
		description: 'the member’s tiers, joined with ", "',
		value: (m) => joined(names(m.tiers)),
	},
	{
		FieldName: 'ghost_subscription_status',
		DataType: 'Text',
		default: false,
		bundled: true,
		compared: true,
		clearWhenEmpty: true,
		description:
			'the current subscription’s status: trialing, active, past_due, unpaid, canceled (empty with none)',
		lifecycle: true,
		value: lifecycle('status'),
	},
	{
		FieldName: 'ghost_plan_interval',
		DataType: 'Text',
		default: false,
		bundled: true,
		compared: true,
		clearWhenEmpty: true,
		description: 'month or year (the current subscription’s plan)',
		lifecycle: true,
		value: lifecycle('interval'),
	},
	{
		FieldName: 'ghost_cancels_at_period_end',
		DataType: 'Text',
		default: false,
		bundled: true,
		compared: true,
		clearWhenEmpty: true,
		description: '"true" when the member cancelled and access ends at ghost_period_end',
		lifecycle: true,
		value: lifecycle('cancelsAtPeriodEnd'),
	},
	{
		FieldName: 'ghost_period_end',
		DataType: 'Date',
		default: false,
		bundled: true,
		compared: true,
		clearWhenEmpty: true,
		description: 'the renewal date, or the day access ends when cancelling; a comp’s expiry date',
		lifecycle: true,
		value: lifecycle('periodEnd'),
	},
	{
		FieldName: 'ghost_trial_end',
		DataType: 'Date',
		default: false,
		bundled: true,
		compared: true,
		clearWhenEmpty: true,
		description: 'when the trial ends, while trialing',
		lifecycle: true,
		value: lifecycle('trialEnd'),
	},
	{
		FieldName: 'ghost_paid_since',
		DataType: 'Date',
		default: false,
		bundled: true,
		compared: true,
		clearWhenEmpty: true,
		description: 'when the current subscription started',
		lifecycle: true,
		value: lifecycle('paidSince'),
	},
	{
		FieldName: 'ghost_newsletters',
		DataType: 'Text',
		default: false,
		compared: true,
		description: 'the newsletters the member gets, joined with ", "',
		clearWhenEmpty: true,
		value: (m) => joined(names(m.newsletters, true)),
	},
	{
		FieldName: 'ghost_open_rate',
		DataType: 'Number',
		default: false,
		bundled: true,
		compared: true,
		clearWhenEmpty: true,
		activity: true,
		description:
			'the share of Ghost’s emails the member opened, in whole percent (empty until Ghost has enough sends)',
		value: wholeNumber('email_open_rate'),
	},
	{
		FieldName: 'ghost_emails_received',
		DataType: 'Number',
		default: false,
		bundled: true,
		compared: true,
		clearWhenEmpty: true,
		activity: true,
		description: 'how many of Ghost’s newsletter emails the member was sent',
		value: wholeNumber('email_count'),
	},
	{
		FieldName: 'ghost_emails_opened',
		DataType: 'Number',
		default: false,
		bundled: true,
		compared: true,
		clearWhenEmpty: true,
		activity: true,
		description: 'how many of them the member opened',
		value: wholeNumber('email_opened_count'),
	},
	{
		FieldName: 'ghost_last_seen',
		DataType: 'Date',
		default: false,
		bundled: true,
		compared: true,
		clearWhenEmpty: true,
		activity: true,
		description: 'the day the member was last seen on the site (empty: never)',
		value: day('last_seen_at'),
	},
	{
		FieldName: 'ghost_signup_source',
		DataType: 'Text',
		default: false,
		bundled: true,
		compared: true,
		clearWhenEmpty: true,
		signup: true,
		description:
			'where the reader came from when they signed up (Ghost’s referrer source, e.g. Google, Twitter; Direct with none)',
		value: signupSource,
	},
	{
		FieldName: 'ghost_signup_medium',
		DataType: 'Text',
		default: false,
		bundled: true,
		compared: true,
		clearWhenEmpty: true,
		signup: true,
		description: 'the referrer’s medium when they signed up (e.g. social, search, email)',
		value: signupMedium,
	},
	{
		FieldName: 'ghost_signup_page',
		DataType: 'Text',
		default: false,
		bundled: true,
		compared: true,
		clearWhenEmpty: true,
		signup: true,
		description: 'the path of the post or page they signed up on',
		value: signupPage,
	},
];

export const DEFAULT_GHOST_FIELDS = GHOST_FIELDS.filter((field) => field.default);
export const OPTIONAL_GHOST_FIELDS = GHOST_FIELDS.filter((field) => !field.default);
/** The optional fields the bundled workflows choose (lifecycle, engagement, signup, tiers). */
export const BUNDLED_OPTIONAL_GHOST_FIELDS = OPTIONAL_GHOST_FIELDS.filter((field) => field.bundled);
/** What *Ensure custom fields exist* creates by default: the defaults and the bundled ones. */
export const ENSURED_GHOST_FIELDS = GHOST_FIELDS.filter((field) => field.default || field.bundled);
/** Keys Ghost changes with no webhook: subscription, activity and signup fields. */
export const UNSIGNALLED_GHOST_FIELDS = GHOST_FIELDS.filter(
	(field) => field.lifecycle || field.activity || field.signup,
).map((field) => field.FieldName);
/** Keys that change with reading only: no edit starts a write for them. */
export const ACTIVITY_GHOST_FIELDS = GHOST_FIELDS.filter(
	(field) => field.activity || field.signup,
).map((field) => field.FieldName);
/** Keys read from the member's signup (Ghost's activity feed), not from the member list. */
export const SIGNUP_GHOST_FIELDS = GHOST_FIELDS.filter((field) => field.signup).map(
	(field) => field.FieldName,
);
/**
 * Keys whose empty value clears the field (the bundled site sync's *Clear When Empty*). Not the
 * signup fields: an edit carries no signup, and it must not clear them.
 */
export const CLEARABLE_GHOST_FIELDS = GHOST_FIELDS.filter(
	(field) => field.clearWhenEmpty && !field.signup,
).map((field) => field.FieldName);
/** The keys the full sync compares to decide an update. */
export const COMPARED_GHOST_FIELDS = GHOST_FIELDS.filter((field) => field.compared).map(
	(field) => field.FieldName,
);

/** The fields a sync writes: the defaults plus the optional ones chosen (unknown names ignored). */
export function ghostFieldsFor(optional: readonly string[] = []): GhostFieldSpec[] {
	return GHOST_FIELDS.filter((field) => field.default || optional.includes(field.FieldName));
}

/** Of `keys` (the compared fields, the clearable ones …), those a sync with these options writes. */
export function writtenAmong(keys: readonly string[], optional: readonly string[] = []): string[] {
	const written = new Set(ghostFieldsFor(optional).map((field) => field.FieldName));
	return keys.filter((key) => written.has(key));
}
