import type { ListMembership } from './listRule';
import { belongsInList, DEFAULT_LIST_MEMBERSHIP, getsNewsletters } from './listRule';
import type { MappedSubscriber } from './memberMapping';
import { ghostMemberToSubscriber } from './memberMapping';

/**
 * Full sync plan: Ghost members vs a Campaign Monitor list, compared in memory with compact
 * records (tens of bytes per address), so 100k members stay small and nothing per-address has
 * to travel between n8n nodes.
 */

export type CmState = 'Active' | 'Unsubscribed' | 'Bounced' | 'Deleted' | 'Unconfirmed' | string;

export interface CmRecord {
	email: string;
	state: CmState;
	name: string;
	/** ghost_* values as stored in CM (only the keys the plan compares). */
	fields: Record<string, string>;
}

export interface GhostRecord {
	id: string;
	email: string;
	/** Gets at least one newsletter. */
	subscribed: boolean;
	/** Belongs in the list, by the same rule as the live sync (listRule). */
	inList: boolean;
	subscriber: MappedSubscriber;
}

/** A member the plan leaves alone, and why (a Campaign Monitor opt-out to respect). */
export interface PlanEntry {
	email: string;
	reason: string;
	memberId?: string;
}

export interface PlanOptions {
	/** Also unsubscribe CM subscribers that never came from Ghost. */
	unsubscribeOrphans?: boolean;
	/** Unsubscribe from Ghost newsletters the members who unsubscribed in CM. */
	campaignMonitorToGhost?: boolean;
	/** Leave differences in reading fields alone (the catch-up: the full sync carries them). */
	activityWaits?: boolean;
}

export function ghostRecord(
	member: Record<string, unknown>,
	membership: ListMembership = DEFAULT_LIST_MEMBERSHIP,
	optionalFields: readonly string[] = [],
): GhostRecord {
	const subscriber = ghostMemberToSubscriber(member, { optionalFields });
	const subscribed = getsNewsletters(member) === true;
	return {
		id: String(member.id ?? ''),
		email: subscriber.EmailAddress,
		subscribed,
		// The live rule, except that a member Ghost says nothing about is not added in bulk.
		inList: belongsInList(member, membership) && (membership === 'allMembers' || subscribed),
		subscriber,
	};
}

/** When the full sync (version 2) only reports its plan. */
export type DryRunMode = 'whenRunByHand' | 'always' | 'never';

/** Whether this run only reports: "by hand" is a run from the editor (n8n's manual mode). */
export function reportsOnly(dryRunMode: unknown, executionMode: string): boolean {
	if (dryRunMode === 'never') return false;
	if (dryRunMode === 'always') return true;
	return executionMode === 'manual';
}
