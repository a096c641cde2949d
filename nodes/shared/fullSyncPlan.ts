import type { ListMembership } from './listRule';
import { belongsInList, DEFAULT_LIST_MEMBERSHIP, getsNewsletters } from './listRule';
import type { MappedSubscriber } from './memberMapping';
import { ghostMemberToSubscriber } from './memberMapping';
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

const INACTIVE = new Set(['Unsubscribed', 'Bounced', 'Deleted']);

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

function differs(ghost: GhostRecord, cm: CmRecord, keys: readonly string[]): boolean {
	if (ghost.subscriber.Name && ghost.subscriber.Name !== cm.name) return true;
	const wanted = new Map(ghost.subscriber.CustomFields.map((f) => [f.Key, f.Value]));
	return keys.some((key) => wanted.has(key) && (wanted.get(key) ?? '') !== (cm.fields[key] ?? ''));
}

/**
 * Decides, per address: add (subscribed member not in CM), update (mapped fields differ),
 * unsubscribe (a synced member gone from Ghost, or opted out in Ghost), skip (a CM opt-out to
 * respect), orphan (in CM, never from Ghost). Renames cannot be told from add + gone and are
 * not guessed: the old address is unsubscribed and the new one added.
 */
export function planFullSync(
	ghostMembers: Iterable<GhostRecord>,
	cmSubscribers: Map<string, CmRecord>,
	options: PlanOptions = {},
): SyncPlan {
	const keys = COMPARED_GHOST_FIELDS;
	const plan: SyncPlan = {
		add: [],
		update: [],
		unsubscribe: [],
		skip: [],
		orphans: [],
		unsubscribeInGhost: [],
		unchanged: 0,
	};
	const seen = new Set<string>();

	for (const ghost of ghostMembers) {
		const key = ghost.email.toLowerCase();
		if (!key || seen.has(key)) continue;
		seen.add(key);
		const cm = cmSubscribers.get(key);
		if (!cm) {
			if (ghost.inList) plan.add.push(ghost);
			else plan.unchanged++; // newsletter off and not in CM: nothing to send them
			continue;
		}
		if (INACTIVE.has(cm.state)) {
			if (ghost.inList) {
				if (options.campaignMonitorToGhost && ghost.subscribed && cm.state === 'Unsubscribed')
					plan.unsubscribeInGhost.push(ghost);
				else
					plan.skip.push({
						email: ghost.email,
						memberId: ghost.id,
						reason: `${cm.state} in Campaign Monitor: their opt-out is kept`,
					});
			} else plan.unchanged++;
			continue;
		}
		if (!ghost.inList) {
			plan.unsubscribe.push(ghost.email);
			continue;
		}
		if (differs(ghost, cm, keys)) plan.update.push(ghost);
		else plan.unchanged++;
	}

	for (const [key, cm] of cmSubscribers) {
		if (seen.has(key) || INACTIVE.has(cm.state)) continue;
		const fromGhost = cm.fields.ghost_status !== undefined && cm.fields.ghost_status !== '';
		if (fromGhost) plan.unsubscribe.push(cm.email);
		else if (options.unsubscribeOrphans) plan.unsubscribe.push(cm.email);
		else plan.orphans.push(cm.email);
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
