import { z } from 'zod';

export const GHOST_MEMBER_EVENTS = ['member.added', 'member.edited', 'member.deleted'] as const;
export type GhostMemberEventName = (typeof GHOST_MEMBER_EVENTS)[number];

/**
 * How a site sync's webhooks are named in Ghost Admin (Settings → Integrations): the trigger
 * registers them so, and looks them up so (Ghost answers a lookup by a rename to the same name).
 */
export function ghostWebhookName(workflowName: string): string {
	return `n8n: ${workflowName}`.slice(0, 180);
}

/**
 * Keys Ghost bumps on activity (visits, geolocation lookups, newsletter analytics). An edit
 * that changes nothing else carries no membership change and is dropped by default.
 */
export const ACTIVITY_ONLY_KEYS: readonly string[] = [
	'updated_at',
	'last_seen_at',
	'geolocation',
	'email_count',
	'email_opened_count',
	'email_open_rate',
];

export type EventNameCheck =
	| { ok: true; event: GhostMemberEventName }
	| { ok: false; message: string };

/** Ghost accepts any event name and silently never fires a typo, so we check names ourselves. */
export function checkMemberEventName(name: unknown): EventNameCheck {
	const value = typeof name === 'string' ? name.trim() : '';
	if ((GHOST_MEMBER_EVENTS as readonly string[]).includes(value)) {
		return { ok: true, event: value as GhostMemberEventName };
	}
	if (value === 'member.updated') {
		return {
			ok: false,
			message:
				'Ghost has no "member.updated" event: use "member.edited" (Ghost Admin calls it "Member updated")',
		};
	}
	if (value === '') return { ok: false, message: 'No Ghost event name was given' };
	return {
		ok: false,
		message: `Unsupported Ghost event "${value.slice(0, 40)}": this trigger handles ${GHOST_MEMBER_EVENTS.join(', ')}`,
	};
}

const memberRecord = z.record(z.string(), z.unknown());
const memberWebhookBody = z.object({
	event: z.string().optional(),
	member: z.object({
		current: memberRecord.optional(),
		previous: memberRecord.optional(),
	}),
});

export type GhostMember = Record<string, unknown>;

export interface GhostMemberEventItem {
	event: GhostMemberEventName;
	site: string;
	memberId: string | null;
	/** The member as it is now; for member.deleted, as it was before deletion. */
	member: GhostMember;
	/** Values before the change (only the changed keys on member.edited). */
	previous: GhostMember;
	changedKeys: string[];
	receivedAt: string;
}

export type NormaliseResult =
	| { outcome: 'event'; item: GhostMemberEventItem }
	| { outcome: 'ignored'; event: GhostMemberEventName; reason: string }
	| { outcome: 'invalid'; message: string };

export interface NormaliseOptions {
	/** Event named in the webhook URL (`?event=`), used when the body has none (Ghost < 6). */
	eventFromUrl?: string;
	site: string;
	receivedAt: Date;
	/** Events the user selected; others are acknowledged and ignored. */
	events: readonly GhostMemberEventName[];
	keepActivityOnlyEdits?: boolean;
}

/**
 * An edit that only moved activity stamps. An edit whose `previous` holds nothing but `updated_at`
 * is not one: Ghost changed a column its webhooks do not show, such as `email_disabled` when the
 * reader reported spam or the mail hard-bounced, and the read before the write will see it.
 */
export function isActivityOnlyEdit(previous: GhostMember): boolean {
	const keys = Object.keys(previous);
	return (
		keys.some((key) => key !== 'updated_at') &&
		keys.every((key) => ACTIVITY_ONLY_KEYS.includes(key))
	);
}

/** Turns a verified Ghost member webhook body into the trigger's output item. */
export function normaliseMemberEvent(body: unknown, options: NormaliseOptions): NormaliseResult {
	const parsed = memberWebhookBody.safeParse(body);
	if (!parsed.success) {
		return { outcome: 'invalid', message: 'The body is not a Ghost member webhook payload' };
	}
	const named = parsed.data.event ?? options.eventFromUrl;
	const check = checkMemberEventName(named);
	if (!check.ok) {
		return {
			outcome: 'invalid',
			message:
				named === undefined
					? 'The webhook names no event: add ?event=member.added (or edited/deleted) to its URL'
					: check.message,
		};
	}
	const event = check.event;
	if (!options.events.includes(event)) {
		return { outcome: 'ignored', event, reason: `${event} is not selected in the trigger` };
	}

	const current = parsed.data.member.current ?? {};
	const previous = parsed.data.member.previous ?? {};
	const member = event === 'member.deleted' ? previous : current;
	if (event === 'member.edited' && !options.keepActivityOnlyEdits && isActivityOnlyEdit(previous)) {
		return { outcome: 'ignored', event, reason: 'activity-only edit' };
	}
	const id = member.id ?? current.id ?? previous.id;
	return {
		outcome: 'event',
		item: {
			event,
			site: options.site,
			memberId: typeof id === 'string' ? id : null,
			member,
			previous,
			changedKeys: event === 'member.edited' ? Object.keys(previous).sort() : [],
			receivedAt: options.receivedAt.toISOString(),
		},
	};
}
