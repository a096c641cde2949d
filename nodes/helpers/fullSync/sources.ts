import type { IExecuteFunctions } from 'n8n-workflow';

import type { GhostRecord } from '../../domain/sync/fullSyncPlan';
import type { CmDigest } from '../../domain/sync/fullSyncStream';
import { changedSinceFilter, failedPaymentFilter } from '../../domain/sync/catchUp';
import type { CmLimits } from '../../transport/campaignMonitor';
import type { Counters, Mapping } from './readers';
import {
	collect,
	ghostRecords,
	readCampaignMonitor,
	readCampaignMonitorFor,
	readsListAtOnce,
} from './readers';

/** What a run compares: Campaign Monitor's side in the digest, Ghost's members to walk. */
export interface Sources {
	members: AsyncIterable<GhostRecord> | GhostRecord[];
	/** The catch-up reads the whole list after a bulk edit, otherwise only the changed members. */
	campaignMonitorRead: 'list' | 'changed members';
}

export interface SourceRead {
	listId: string;
	limits: CmLimits;
	mapping: Mapping;
	digest: CmDigest;
	counters: Counters;
	/** The catch-up's start: only members Ghost changed since then. None for a full sync. */
	since?: Date;
	userFilter: string;
	/** The list's Active count, read at most once. */
	countActive: () => Promise<number>;
}

/** The full sync's reads: the whole list into the digest, Ghost's members streamed. */
async function everything(this: IExecuteFunctions, read: SourceRead): Promise<Sources> {
	await readCampaignMonitor.call(this, read.digest, read.listId, read.limits, read.counters);
	return {
		members: ghostRecords.call(this, read.userFilter, read.mapping, read.counters),
		campaignMonitorRead: 'list',
	};
}

/**
 * The catch-up's reads: only members Ghost changed since the last successful run (one Ghost page
 * when nothing did), plus failed payments, which send no webhook; Campaign Monitor for those
 * members, or the whole list after a bulk edit.
 */
async function changedSince(
	this: IExecuteFunctions,
	read: SourceRead,
	since: Date,
): Promise<Sources> {
	const { mapping, counters, userFilter } = read;
	let total = 0;
	const pages = ghostRecords.call(
		this,
		changedSinceFilter(since, userFilter),
		mapping,
		counters,
		(count) => (total = count),
	);
	const first = await pages.next();
	const failing = mapping.optionalFields.includes('ghost_subscription_status')
		? ghostRecords.call(this, failedPaymentFilter(userFilter), mapping, counters)
		: undefined;
	const seen = new Set<string>();
	const changed = async function* (): AsyncGenerator<GhostRecord> {
		if (first.done) return;
		seen.add(first.value.id);
		yield first.value;
		for await (const g of pages) {
			seen.add(g.id);
			yield g;
		}
		if (failing) for await (const g of failing) if (!seen.has(g.id)) yield g;
	};
	if (await readsListAtOnce(total, read.countActive)) {
		// A bulk edit: the whole list read the way the full sync reads it, Ghost streamed.
		await readCampaignMonitor.call(this, read.digest, read.listId, read.limits, counters);
		return { members: changed(), campaignMonitorRead: 'list' };
	}
	const list = await collect(changed());
	await readCampaignMonitorFor.call(this, read.digest, read.listId, list, read.limits, counters);
	return { members: list, campaignMonitorRead: 'changed members' };
}

/** Both sides of a run, read as its scope needs. */
export async function readSources(this: IExecuteFunctions, read: SourceRead): Promise<Sources> {
	return read.since
		? await changedSince.call(this, read, read.since)
		: await everything.call(this, read);
}
