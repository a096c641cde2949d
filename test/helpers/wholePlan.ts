import type {
	CmRecord,
	GhostRecord,
	PlanEntry,
	PlanOptions,
} from '../../nodes/domain/sync/fullSyncPlan';
import { CmDigest, FullSyncPlanner } from '../../nodes/domain/sync/fullSyncStream';
import { COMPARED_GHOST_FIELDS } from '../../nodes/domain/sync/ghostFields';

/** The full sync's plan as lists, for tests: what the streaming planner decides, all at once. */
export interface SyncPlan {
	add: GhostRecord[];
	update: GhostRecord[];
	unsubscribe: string[];
	skip: PlanEntry[];
	orphans: string[];
	unsubscribeInGhost: GhostRecord[];
	unchanged: number;
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
