import type { ListMembership } from './listRule';
import { belongsInList, DEFAULT_LIST_MEMBERSHIP, getsNewsletters } from './listRule';
import type { MappedSubscriber } from './memberMapping';
import { ghostMemberToSubscriber } from './memberMapping';
import { CmDigest, FullSyncPlanner } from './fullSyncStream';
import { COMPARED_GHOST_FIELDS } from './ghostFields';

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

export interface SyncPlan {
	add: GhostRecord[];
	update: GhostRecord[];
	unsubscribe: string[];
	skip: PlanEntry[];
	orphans: string[];
	unsubscribeInGhost: GhostRecord[];
	unchanged: number;
}

export interface PlanOptions {
	/** Also unsubscribe CM subscribers that never came from Ghost. */
	unsubscribeOrphans?: boolean;
	/** Unsubscribe from Ghost newsletters the members who unsubscribed in CM. */
	campaignMonitorToGhost?: boolean;
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

export function emptyPlan(): SyncPlan {
	return {
		add: [],
		update: [],
		unsubscribe: [],
		skip: [],
		orphans: [],
		unsubscribeInGhost: [],
		unchanged: 0,
	};
}

/**
 * Decides, per address: add (subscribed member not in CM), update (mapped fields differ),
 * unsubscribe (a synced member gone from Ghost, or opted out in Ghost), skip (a CM opt-out to
 * respect), orphan (in CM, never from Ghost). Renames cannot be told from add + gone and are
 * not guessed: the old address is unsubscribed and the new one added. The whole plan at once,
 * made by the streaming planner the node runs (fullSyncStream.ts).
 */
export function planFullSync(
	ghostMembers: Iterable<GhostRecord>,
	cmSubscribers: Map<string, CmRecord>,
	options: PlanOptions = {},
): SyncPlan {
	const digest = new CmDigest(COMPARED_GHOST_FIELDS);
	for (const cm of cmSubscribers.values()) digest.add(cm);
	const planner = new FullSyncPlanner(digest, options);
	const plan = emptyPlan();
	for (const ghost of ghostMembers) {
		const d = planner.member(ghost);
		if (!d) continue;
		if (d.kind === 'unchanged') plan.unchanged++;
		else if (d.kind === 'unsubscribe') plan.unsubscribe.push(d.email);
		else if (d.kind === 'skip') plan.skip.push(d.entry);
		else plan[d.kind].push(d.ghost);
	}
	for (const d of planner.remainder()) {
		if (d.kind === 'orphan') plan.orphans.push(d.email);
		else plan.unsubscribe.push(d.email);
	}
	return plan;
}

export function planSummary(plan: SyncPlan) {
	return {
		add: plan.add.length,
		update: plan.update.length,
		unsubscribe: plan.unsubscribe.length,
		skip: plan.skip.length,
		orphans: plan.orphans.length,
		unsubscribeInGhost: plan.unsubscribeInGhost.length,
		unchanged: plan.unchanged,
	};
}
