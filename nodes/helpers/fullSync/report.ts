import type { IDataObject } from 'n8n-workflow';

import type { MemberDecision, RemainderDecision } from '../../domain/sync/fullSyncStream';

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
