/**
 * Who is in the Campaign Monitor list: one rule for the live sync (Member Status Diff) and the
 * full sync, so the two paths never disagree.
 *
 * - Members who get at least one newsletter are Active (details kept up to date).
 * - Members who get none (unsubscribed from all in Ghost, or added without any) are Unsubscribed.
 * - A fresh opt-in (added with newsletters, or an edit from none to some) resubscribes; any other
 *   edit keeps an opt-out made in Campaign Monitor.
 * - "All members" keeps everyone in the list, with ghost_email_enabled as the segment field (the
 *   older ghost-cm-sync service's way); fresh opt-ins still resubscribe.
 * - Whatever the membership: a member Ghost suppresses (its newsletter mail hard-bounced, or the
 *   reader reported it as spam) is not Active, though they keep their newsletters in Ghost.
 */

export type ListMembership = 'newsletterSubscribers' | 'allMembers';

export const DEFAULT_LIST_MEMBERSHIP: ListMembership = 'newsletterSubscribers';

type Member = Record<string, unknown>;

export function listMembershipOf(value: unknown): ListMembership {
	return value === 'allMembers' ? 'allMembers' : DEFAULT_LIST_MEMBERSHIP;
}

function activeNewsletters(value: unknown): number | undefined {
	if (!Array.isArray(value)) return undefined;
	return value.filter(
		(n: { status?: unknown } | null) =>
			n !== null && typeof n === 'object' && (n.status === undefined || n.status === 'active'),
	).length;
}

/** Whether the member gets any newsletter: Ghost's `subscribed`, else their active newsletters. */
export function getsNewsletters(member: Member): boolean | undefined {
	if (typeof member.subscribed === 'boolean') return member.subscribed;
	const count = activeNewsletters(member.newsletters);
	return count === undefined ? undefined : count > 0;
}

export type Suppression = 'spam' | 'bounce' | 'suppressed';

/**
 * Why Ghost suppresses the member's email, if it does: `email_suppression` as the Admin API shows
 * it (Ghost sets `email_disabled` on a spam complaint or a hard bounce; its webhooks carry
 * neither). Undefined when the member says nothing about it (a webhook payload), null when Ghost
 * says it is not suppressed.
 */
export function suppressionOf(member: Member): Suppression | null | undefined {
	const shown = member.email_suppression;
	const disabled = typeof member.email_disabled === 'boolean' ? member.email_disabled : undefined;
	if (shown === null || typeof shown !== 'object') {
		if (disabled === undefined) return undefined;
		return disabled ? 'suppressed' : null;
	}
	const { suppressed, info } = shown as {
		suppressed?: unknown;
		info?: { reason?: unknown } | null;
	};
	if (suppressed !== true && disabled !== true) return null;
	const reason = info?.reason;
	if (reason === 'spam') return 'spam';
	if (reason === 'fail' || reason === 'bounce') return 'bounce';
	return 'suppressed';
}

export function belongsInList(member: Member, membership: ListMembership): boolean {
	if (suppressionOf(member)) return false;
	// A payload that says nothing about newsletters is not an opt-out.
	return membership === 'allMembers' || getsNewsletters(member) !== false;
}

/**
 * A fresh opt-in: added with newsletters, or edited from none to some. Ghost 6 reports a
 * newsletter change as `previous.newsletters` (the old list) with `member.subscribed` the new
 * state; older payloads carried `previous.subscribed`.
 */
export function optedIn(event: string, member: Member, previous: Member): boolean {
	if (getsNewsletters(member) !== true) return false;
	if (event === 'member.added') return true;
	if (event !== 'member.edited') return false;
	if (typeof previous.subscribed === 'boolean') return previous.subscribed === false;
	const before = activeNewsletters(previous.newsletters);
	return before === 0;
}

export interface ListDecision {
	/**
	 * upsert: add or update as Active-or-kept; unsubscribe: opted out of everything; remove: member
	 * deleted; none: nothing to write (the address belongs to another member now).
	 */
	action: 'upsert' | 'unsubscribe' | 'remove' | 'none';
	/** Send Resubscribe (a fresh opt-in); never for a Bounced subscriber (the node checks). */
	resubscribe: boolean;
	/** The address Campaign Monitor knows the member by (the old one when it just changed). */
	email: string;
	reason: string;
}

export function decideListAction(
	event: string,
	member: Member,
	previous: Member,
	membership: ListMembership,
): ListDecision {
	const current = String(member.email ?? '').trim();
	const known =
		typeof previous.email === 'string' && previous.email ? previous.email.trim() : current;
	if (event === 'member.deleted') {
		return {
			action: 'remove',
			resubscribe: false,
			email: current || known,
			reason: 'deleted in Ghost',
		};
	}
	if (!belongsInList(member, membership)) {
		const suppressed = suppressionOf(member);
		return {
			action: 'unsubscribe',
			resubscribe: false,
			email: known,
			reason: suppressed
				? `Ghost suppresses their email (${suppressed === 'spam' ? 'spam complaint' : suppressed})`
				: 'gets no newsletter in Ghost',
		};
	}
	const resubscribe = optedIn(event, member, previous);
	return {
		action: 'upsert',
		resubscribe,
		email: current,
		reason: resubscribe ? 'opted in to a newsletter in Ghost' : 'member details',
	};
}

/** Campaign Monitor states a resubscribe must not undo: a bounced address stays bounced. */
export function resubscribeKeepsState(state: string): boolean {
	return state === 'Bounced';
}
