import type { IDataObject } from 'n8n-workflow';

import type { CmDigest, MemberDecision, RemainderDecision } from '../../domain/sync/fullSyncStream';
import type { UnsubscribeCheck } from '../../domain/sync/unsubscribeLimit';

export type Decision = MemberDecision | RemainderDecision;

/** Counts and the bounded detail, in the plan's order (adds, updates, unsubscribes, …). */
export class PlanReport {
	readonly counts = {
		add: 0,
		update: 0,
		unsubscribe: 0,
		skip: 0,
		orphans: 0,
		unsubscribeInGhost: 0,
		unchanged: 0,
	};
	private readonly rows: Record<string, IDataObject[]> = {
		add: [],
		update: [],
		unsubscribe: [],
		unsubscribeInGhost: [],
		skip: [],
		orphan: [],
	};

	constructor(private readonly limit: number) {}

	record(d: Decision) {
		if (d.kind === 'unchanged') {
			this.counts.unchanged++;
			return;
		}
		this.counts[d.kind === 'orphan' ? 'orphans' : d.kind]++;
		const rows = this.rows[d.kind];
		if (rows.length >= this.limit) return;
		if (d.kind === 'skip')
			rows.push({
				action: 'skip',
				email: d.entry.email,
				memberId: d.entry.memberId,
				reason: d.entry.reason,
			});
		else if (d.kind === 'orphan')
			rows.push({
				action: 'orphan',
				email: d.email,
				reason: 'in Campaign Monitor, never from Ghost',
			});
		else if (d.kind === 'unsubscribe') rows.push({ action: 'unsubscribe', email: d.email });
		else rows.push({ action: d.kind, email: d.ghost.email, memberId: d.ghost.id });
	}

	details(): IDataObject[] {
		const { add, update, unsubscribe, unsubscribeInGhost, skip, orphan } = this.rows;
		return [...add, ...update, ...unsubscribe, ...unsubscribeInGhost, ...skip, ...orphan].slice(
			0,
			this.limit,
		);
	}
}

/** What a run measured, for its summary item. */
export interface RunOutcome {
	dryRun: boolean;
	listId: string;
	ghostMembers: number;
	digest: CmDigest;
	report: PlanReport;
	check: UnsubscribeCheck;
	/** The safety limit held the unsubscribes back. */
	stop: boolean;
	/** The catch-up's start; none for a full sync. */
	since?: Date;
	campaignMonitorRead: 'list' | 'changed members';
	repaired: number;
	lifecycleRepaired: number;
	applied?: IDataObject;
}

/** The run's first output item: the plan's counts, the safety limit, the catch-up's repairs. */
export function runSummary(run: RunOutcome): IDataObject {
	const { check, stop, since } = run;
	const summary: IDataObject = {
		dryRun: run.dryRun,
		scope: since ? 'changed' : 'all',
		listId: run.listId,
		ghostMembers: run.ghostMembers,
		campaignMonitorSubscribers: run.digest.size,
		plan: { ...run.report.counts },
	};
	if (check.exceeded)
		summary.safetyLimit = {
			unsubscribes: check.unsubscribes,
			activeSubscribers: check.activeSubscribers,
			allowed: check.allowed,
			confirmed: !stop,
			...(stop ? { message: check.message } : {}),
		};
	if (since) {
		// Each repair is a change the live sync should have made: a delivery that never arrived.
		summary.since = since.toISOString();
		summary.campaignMonitorRead = run.campaignMonitorRead;
		summary.repaired = run.repaired;
		summary.lifecycleRepaired = run.lifecycleRepaired;
	}
	if (run.applied) summary.applied = run.applied;
	return summary;
}
