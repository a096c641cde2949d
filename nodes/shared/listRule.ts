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

export function belongsInList(member: Member, membership: ListMembership): boolean {
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
		return {
			action: 'unsubscribe',
			resubscribe: false,
			email: known,
			reason: 'gets no newsletter in Ghost',
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
