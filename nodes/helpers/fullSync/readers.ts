import type { IExecuteFunctions } from 'n8n-workflow';

import { normaliseFieldKey } from '../../domain/campaignMonitor/cmFields';
import type { CmRecord, GhostRecord } from '../../domain/sync/fullSyncPlan';
import { ghostRecord } from '../../domain/sync/fullSyncPlan';
import type { CmDigest } from '../../domain/sync/fullSyncStream';
import type { ListMembership } from '../../domain/sync/listRule';
import type { CmLimits, CmListState, SubscriberDetails } from '../../transport/campaignMonitor';
import { cmListPages, getSubscriber } from '../../transport/campaignMonitor';
import {
	ghostMemberPages,
	ghostMembersByEmail,
	withSignupAttribution,
} from '../../transport/ghost';

/** The full sync's reads: Campaign Monitor's list into a digest, Ghost's members page by page. */

export const CM_STATES: CmListState[] = ['active', 'unsubscribed', 'bounced', 'deleted'];

export interface Counters {
	ghostRequests: number;
	campaignMonitorRequests: number;
}

/** A Campaign Monitor subscriber as the plan compares it (ghost_* fields, unless `keep` says). */
export function cmRecordOf(
	subscriber: SubscriberDetails,
	keep: (key: string) => boolean = (key) => key.startsWith('ghost_'),
): CmRecord {
	const fields: Record<string, string> = {};
	for (const field of subscriber.CustomFields ?? []) {
		const key = normaliseFieldKey(field.Key);
		if (keep(key)) fields[key] = field.Value;
	}
	return {
		email: String(subscriber.EmailAddress ?? ''),
		state: String(subscriber.State ?? ''),
		name: String(subscriber.Name ?? ''),
		fields,
	};
}

/** Campaign Monitor's whole list (its four states), into the compact digest. */
export async function readCampaignMonitor(
	this: IExecuteFunctions,
	digest: CmDigest,
	listId: string,
	limits: CmLimits,
	counters: Counters,
) {
	for (const state of CM_STATES) {
		for await (const page of cmListPages.call(
			this,
			listId,
			state,
			limits,
			() => counters.campaignMonitorRequests++,
		)) {
			for (const subscriber of page)
				digest.addSubscriber(
					String(subscriber.EmailAddress ?? ''),
					String(subscriber.State ?? ''),
					String(subscriber.Name ?? ''),
					subscriber.CustomFields,
				);
		}
	}
}

/** The catch-up's Campaign Monitor side: one read per changed member, not the whole list. */
export async function readCampaignMonitorFor(
	this: IExecuteFunctions,
	digest: CmDigest,
	listId: string,
	members: GhostRecord[],
	limits: CmLimits,
	counters: Counters,
) {
	for (const member of members) {
		if (!member.email) continue;
		counters.campaignMonitorRequests++;
		const found = await getSubscriber.call(this, listId, member.email, { limits });
		if (found.acceptedCode === undefined) {
			const record = cmRecordOf(found.body);
			digest.add({ ...record, email: record.email || member.email });
		}
	}
}

export interface Mapping {
	membership: ListMembership;
	optionalFields: string[];
	/**
	 * With a signup field chosen: which members' signup to read (Ghost's member list has none),
	 * those Campaign Monitor holds none for; a signup never changes.
	 */
	needsSignup?: (record: GhostRecord) => boolean;
}

/**
 * Ghost's members page by page (100 each), as the plan compares them, in id order after the
 * last id read: a deletion or a shared created_at during the read cannot hide a member.
 */
export async function* ghostRecords(
	this: IExecuteFunctions,
	filter: string,
	mapping: Mapping,
	counters: Counters,
	onTotal?: (total: number) => void,
): AsyncGenerator<GhostRecord> {
	// Ghost leaves tiers out of a member unless asked for them.
	const include = mapping.optionalFields.includes('ghost_tiers') ? 'tiers' : undefined;
	for await (const page of ghostMemberPages.call(
		this,
		{ filter: filter || undefined, include, stable: true, onTotal },
		() => counters.ghostRequests++,
	)) {
		const records = page.map((member) =>
			ghostRecord(member, mapping.membership, mapping.optionalFields),
		);
		const { needsSignup } = mapping;
		if (needsSignup) {
			// Only members the list gets, and once: the signup fields are mapped again for them.
			const wanted = page.filter((_, i) => needsSignup(records[i]));
			await withSignupAttribution.call(
				this,
				wanted,
				() => true,
				() => counters.ghostRequests++,
			);
			for (const [i, member] of page.entries())
				if ('attribution' in member)
					records[i] = ghostRecord(member, mapping.membership, mapping.optionalFields);
		}
		yield* records;
	}
}

export interface NotSeen {
	/** Ghost has no member under the address: confirmed gone. */
	gone: string[];
	/** Ghost has them (within the Ghost Filter, if any): to be decided as Ghost has them now. */
	inGhost: GhostRecord[];
	/** Ghost has them, outside the Ghost Filter. */
	outsideFilter: Array<{ email: string; memberId: string }>;
}

/**
 * Subscribers the read did not account for, looked up by address in Ghost before anyone is
 * unsubscribed (one browse per up to 100 addresses): a member the read missed is never taken
 * for one who left.
 */
export async function confirmNotSeen(
	this: IExecuteFunctions,
	emails: string[],
	filter: string,
	mapping: Mapping,
	counters: Counters,
): Promise<NotSeen> {
	const result: NotSeen = { gone: [], inGhost: [], outsideFilter: [] };
	if (emails.length === 0) return result;
	const count = () => counters.ghostRequests++;
	const anywhere = await ghostMembersByEmail.call(this, emails, '', count);
	const found = emails.filter((email) => anywhere.has(email.toLowerCase()));
	const inFilter = filter ? await ghostMembersByEmail.call(this, found, filter, count) : anywhere;
	for (const email of emails) {
		const member = anywhere.get(email.toLowerCase());
		if (!member) result.gone.push(email);
		else if (inFilter.has(email.toLowerCase()))
			result.inGhost.push(ghostRecord(member, mapping.membership, mapping.optionalFields));
		else result.outsideFilter.push({ email, memberId: String(member.id ?? '') });
	}
	return result;
}

/** Below this many changed members the catch-up reads each one; above, it may read the list. */
const SINGLE_READS_UP_TO = 100;

/**
 * Whether the catch-up reads the whole list (pages of 1000, four states) rather than one
 * subscriber per changed member: when the changed members outnumber the list's pages (counted
 * with one small read), as after a bulk edit or a CSV import.
 */
export async function readsListAtOnce(changed: number, countActive: () => Promise<number>) {
	if (changed <= SINGLE_READS_UP_TO) return false;
	// Active pages twice over for the other states, and one request per state.
	return changed > Math.ceil((await countActive()) / 1000) * 2 + CM_STATES.length;
}

export async function collect(records: AsyncGenerator<GhostRecord>): Promise<GhostRecord[]> {
	const all: GhostRecord[] = [];
	for await (const record of records) all.push(record);
	return all;
}
