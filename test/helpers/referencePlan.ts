import type { CmRecord, GhostRecord, PlanOptions } from '../../nodes/domain/sync/fullSyncPlan';
import { emptyPlan, type SyncPlan } from './wholePlan';
import { COMPARED_GHOST_FIELDS } from '../../nodes/domain/sync/ghostFields';

/**
 * The full sync's plan as it was made before the streaming planner: both sides whole in memory,
 * compared field by field. Kept only as the reference the streaming planner must agree with.
 */

const INACTIVE = new Set(['Unsubscribed', 'Bounced', 'Deleted']);

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
export function referencePlan(
	ghostMembers: Iterable<GhostRecord>,
	cmSubscribers: Map<string, CmRecord>,
	options: PlanOptions = {},
): SyncPlan {
	const keys = COMPARED_GHOST_FIELDS;
	const plan: SyncPlan = emptyPlan();
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
