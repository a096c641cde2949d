import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { CatchUpState } from '../../domain/sync/catchUp';
import { advanceCursor, catchUpSince } from '../../domain/sync/catchUp';
import { CmDigest, FullSyncPlanner } from '../../domain/sync/fullSyncStream';
import {
	COMPARED_GHOST_FIELDS,
	SIGNUP_GHOST_FIELDS,
	writtenAmong,
} from '../../domain/sync/ghostFields';
import { listMembershipOf } from '../../domain/sync/listRule';
import { endCatchUp, startCatchUp } from '../processState';
import { checkUnsubscribes, unsubscribeLimitOf } from '../../domain/sync/unsubscribeLimit';
import type { CmLimits } from '../../transport/campaignMonitor';
import { activeSubscriberCount } from '../../transport/campaignMonitor';
import { optionalGhostFieldsOf } from '../ghostFieldOptions';
import { PlanApplier } from './applier';
import type { Counters, Mapping } from './readers';
import { confirmNotSeen } from './readers';
import type { Decision } from './report';
import { PlanReport, runSummary } from './report';
import { readSources } from './sources';

/** What a full sync or catch-up run is told: the node's parameters, or the setup's preview. */
export interface FullSyncSettings {
	listId: string;
	/** Only report the plan. */
	dryRun: boolean;
	scope: 'all' | 'changed';
	/** The node's Options collection (safety limit, filters, fields, detail limit …). */
	options: IDataObject;
	limits: CmLimits;
	/** The catch-up's cursor (the node's static data); not used by a full sync. */
	catchUpState?: CatchUpState;
	/** The catch-up runs once per workflow and list at a time. */
	workflowId: string;
}

/** The catch-up, one run per workflow and list at a time; the full sync as it comes. */
export async function runSync(
	this: IExecuteFunctions,
	settings: FullSyncSettings,
): Promise<IDataObject[]> {
	if (settings.scope !== 'changed') return await runFullSync.call(this, settings);
	const { listId } = settings;
	const key = `${settings.workflowId}|${listId.toLowerCase()}`;
	if (!startCatchUp(key))
		return [
			{
				scope: 'changed',
				listId,
				skipped: 'the previous catch-up of this list is still running: this run stood down',
				repaired: 0,
			},
		];
	try {
		return await runFullSync.call(this, settings);
	} finally {
		endCatchUp(key);
	}
}

async function runFullSync(
	this: IExecuteFunctions,
	settings: FullSyncSettings,
): Promise<IDataObject[]> {
	const started = Date.now();
	const { listId, dryRun, options, limits } = settings;

	const counters: Counters = { ghostRequests: 0, campaignMonitorRequests: 0 };

	const mapping: Mapping = {
		membership: listMembershipOf(options.listMembership),
		optionalFields: optionalGhostFieldsOf(options),
	};
	// The catch-up's cursor, kept in static data; a full sync has none.
	const catchUp =
		settings.scope === 'changed' && settings.catchUpState
			? { state: settings.catchUpState }
			: undefined;
	const since = catchUp && catchUpSince(catchUp.state, listId, new Date(started), options);
	const userFilter = String(options.ghostFilter ?? '');

	// Only the compared fields this sync writes are kept per address.
	const compared = writtenAmong(COMPARED_GHOST_FIELDS, mapping.optionalFields);
	const digest = new CmDigest(compared);
	const signupKey = SIGNUP_GHOST_FIELDS.find((key) => compared.includes(key));
	if (signupKey)
		mapping.needsSignup = (record) => record.inList && digest.lacks(record.email, signupKey);
	// The list's Active count, read from Campaign Monitor at most once (the catch-up's choices).
	let activeInCm: number | undefined;
	const countActive = async () => {
		if (activeInCm === undefined) {
			counters.campaignMonitorRequests++;
			activeInCm = await activeSubscriberCount.call(this, listId, limits);
		}
		return activeInCm;
	};
	const { members, campaignMonitorRead } = await readSources.call(this, {
		listId,
		limits,
		mapping,
		digest,
		counters,
		since,
		userFilter,
		countActive,
	});

	const planner = new FullSyncPlanner(digest, {
		unsubscribeOrphans: options.unsubscribeOrphans === true,
		campaignMonitorToGhost: options.campaignMonitorToGhost === true,
		activityWaits: catchUp !== undefined,
	});
	const report = new PlanReport(Number(options.detailLimit ?? 1000));
	const applier = dryRun ? undefined : new PlanApplier(this, listId, limits, counters);
	let ghostMembers = 0;
	let repaired = 0;
	let lifecycleRepaired = 0;
	// Unsubscribes wait for the safety limit, after every add and update went through.
	const unsubscribes: string[] = [];
	const decide = async (d: Decision | undefined) => {
		if (!d) return;
		if (d.kind === 'unsubscribe') {
			// Why they leave (ghost_email_enabled false, ghost_email_suppressed) is written first.
			if ('ghost' in d && d.ghost)
				await applier?.apply({ kind: 'update', ghost: d.ghost, lifecycleOnly: false });
			unsubscribes.push(d.email);
			return;
		}
		report.record(d);
		// A repair of subscription fields only (renewal, failed payment) is no missed delivery.
		if (d.kind === 'update' && d.lifecycleOnly) lifecycleRepaired++;
		else if (d.kind === 'add' || d.kind === 'update') repaired++;
		await applier?.apply(d);
	};
	for await (const ghost of members) {
		ghostMembers++;
		await decide(planner.member(ghost));
	}
	const notSeen: string[] = [];
	// The catch-up reads only changed members: the rest of the list is the full sync's business.
	for (const d of catchUp ? [] : planner.remainder()) {
		if (d.kind === 'unsubscribe') notSeen.push(d.email);
		else await decide(d);
	}
	const confirmed = await confirmNotSeen.call(this, notSeen, userFilter, mapping, counters);
	for (const ghost of confirmed.inGhost) await decide(planner.member(ghost));
	for (const { email, memberId } of confirmed.outsideFilter) {
		if (options.unsubscribeOutsideFilter === true) unsubscribes.push(email);
		else
			report.record({
				kind: 'skip',
				entry: { email, memberId, reason: 'in Ghost, outside the Ghost Filter: left as it is' },
			});
	}
	unsubscribes.push(...confirmed.gone);
	await applier?.flush();

	// The safety limit: the list's Active count comes from the digest, or for the catch-up
	// (which reads only the changed members) from Campaign Monitor, when the count could matter.
	const limit = unsubscribeLimitOf(options);
	const ghostReadEmpty = !catchUp && ghostMembers === 0;
	let active = 0;
	if (!catchUp || campaignMonitorRead === 'list') active = digest.activeCount();
	else if (unsubscribes.length > limit.floor) active = await countActive();
	const check = checkUnsubscribes(unsubscribes.length, active, limit, ghostReadEmpty);
	const stop = check.exceeded && options.confirmLargeUnsubscribe !== true;
	for (const email of unsubscribes) {
		const d: Decision = { kind: 'unsubscribe', email };
		report.record(d);
		repaired++;
		if (!stop) await applier?.apply(d);
	}

	const summary = runSummary({
		dryRun,
		listId,
		ghostMembers,
		digest,
		report,
		check,
		stop,
		since,
		campaignMonitorRead,
		repaired,
		lifecycleRepaired,
		applied: applier?.result,
	});
	// Advanced only after the changes went through (n8n saves static data even for failed runs).
	if (catchUp && !dryRun && !stop) advanceCursor(catchUp.state, listId, new Date(started));
	summary.requests = {
		...counters,
		total: counters.ghostRequests + counters.campaignMonitorRequests,
	};
	summary.durationSeconds = Math.round((Date.now() - started) / 100) / 10;
	// Failed on purpose, after the adds and updates, so the error workflow and alerts see it.
	if (stop && applier)
		throw new NodeOperationError(this.getNode(), check.message, {
			description: `Planned: add ${report.counts.add}, update ${report.counts.update}, unsubscribe ${report.counts.unsubscribe}. Imported ${applier.result.imported}; unsubscribed 0.`,
		});

	return [summary, ...report.details()];
}
