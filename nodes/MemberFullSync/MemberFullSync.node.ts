import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import type { CatchUpState } from '../shared/catchUp';
import {
	advanceCursor,
	catchUpSince,
	changedSinceFilter,
	failedPaymentFilter,
} from '../shared/catchUp';
import { normaliseFieldKey } from '../shared/cmFields';
import type { CmRecord, GhostRecord, SyncPlan } from '../shared/fullSyncPlan';
import { ghostRecord, planFullSync, planSummary } from '../shared/fullSyncPlan';
import type { ListMembership } from '../shared/listRule';
import { listMembershipOf } from '../shared/listRule';
import type { CmLimits, CmListState, SubscriberDetails } from '../transport/campaignMonitor';
import {
	cmListPages,
	getSubscriber,
	importSubscribers,
	limitsFromOptions,
	removeFromList,
} from '../transport/campaignMonitor';
import { cmListSearch, listIdOf } from '../common/campaignMonitorList';
import { optionalGhostFieldsOf } from '../common/ghostFieldOptions';
import { forItemsTogether } from '../common/itemLoop';
import { importBatches } from '../shared/cmIds';
import { campaignMonitorApiTest, ghostMembersAdminApiTest } from '../transport/credentialTests';
import { ghostAdminRequest, ghostIdPath, ghostMemberPages } from '../transport/ghost';
import { fullSyncProperties } from './description';

const CM_STATES: CmListState[] = ['active', 'unsubscribed', 'bounced', 'deleted'];

interface Counters {
	ghostRequests: number;
	campaignMonitorRequests: number;
}

/** A Campaign Monitor subscriber as the plan compares it (ghost_* fields only). */
function cmRecordOf(subscriber: SubscriberDetails): CmRecord {
	const fields: Record<string, string> = {};
	for (const field of subscriber.CustomFields ?? []) {
		const key = normaliseFieldKey(field.Key);
		if (key.startsWith('ghost_')) fields[key] = field.Value;
	}
	return {
		email: String(subscriber.EmailAddress ?? ''),
		state: String(subscriber.State ?? ''),
		name: String(subscriber.Name ?? ''),
		fields,
	};
}

/** The catch-up's Campaign Monitor side: one read per changed member, not the whole list. */
async function readCampaignMonitorFor(
	this: IExecuteFunctions,
	listId: string,
	members: GhostRecord[],
	limits: CmLimits,
	counters: Counters,
) {
	const records = new Map<string, CmRecord>();
	for (const member of members) {
		if (!member.email) continue;
		counters.campaignMonitorRequests++;
		const found = await getSubscriber.call(this, listId, member.email, { limits });
		if (found.acceptedCode === undefined) {
			const record = cmRecordOf(found.body);
			records.set((record.email || member.email).toLowerCase(), record);
		}
	}
	return records;
}

async function readCampaignMonitor(
	this: IExecuteFunctions,
	listId: string,
	limits: CmLimits,
	counters: Counters,
) {
	const records = new Map<string, CmRecord>();
	for (const state of CM_STATES) {
		for await (const page of cmListPages.call(
			this,
			listId,
			state,
			limits,
			() => counters.campaignMonitorRequests++,
		)) {
			for (const subscriber of page) {
				const record = cmRecordOf(subscriber);
				records.set(record.email.toLowerCase(), record);
			}
		}
	}
	return records;
}

async function readGhost(
	this: IExecuteFunctions,
	filter: string,
	mapping: { membership: ListMembership; optionalFields: string[] },
	counters: Counters,
	order = 'created_at asc',
) {
	const members: GhostRecord[] = [];
	// Ghost leaves tiers out of a member unless asked for them.
	const include = mapping.optionalFields.includes('ghost_tiers') ? 'tiers' : undefined;
	for await (const page of ghostMemberPages.call(
		this,
		{ filter: filter || undefined, order, include },
		() => counters.ghostRequests++,
	)) {
		for (const member of page)
			members.push(ghostRecord(member, mapping.membership, mapping.optionalFields));
	}
	return members;
}

async function applyPlan(
	this: IExecuteFunctions,
	listId: string,
	plan: SyncPlan,
	limits: CmLimits,
	counters: Counters,
) {
	const failures: IDataObject[] = [];
	const batch = [
		...plan.add.map((g) => ({ g, consent: 'Yes' })),
		...plan.update.map((g) => ({ g, consent: 'Unchanged' })),
	].map(({ g, consent }) => ({
		EmailAddress: g.subscriber.EmailAddress,
		...(g.subscriber.Name ? { Name: g.subscriber.Name } : {}),
		CustomFields: g.subscriber.CustomFields,
		ConsentToTrack: consent,
	}));
	let imported = 0;
	for (const chunk of importBatches(batch)) {
		counters.campaignMonitorRequests++;
		// Resubscribe off: nobody who opted out in Campaign Monitor is brought back.
		const data = await importSubscribers.call(
			this,
			listId,
			chunk as unknown as IDataObject[],
			{
				resubscribe: false,
				queueSubscriptionBasedAutoresponders: false,
				restartSubscriptionBasedAutoresponders: false,
			},
			{ limits },
		);
		const failed = data.FailureDetails ?? [];
		imported += chunk.length - failed.length;
		for (const failure of failed)
			failures.push({
				action: 'import',
				email: failure.EmailAddress,
				code: failure.Code,
				message: failure.Message,
			});
	}
	let unsubscribed = 0;
	for (const email of plan.unsubscribe) {
		counters.campaignMonitorRequests++;
		await removeFromList.call(this, listId, email, 'unsubscribe', { limits });
		unsubscribed++;
	}
	let ghostUnsubscribed = 0;
	for (const member of plan.unsubscribeInGhost) {
		counters.ghostRequests++;
		await ghostAdminRequest.call(this, 'PUT', ghostIdPath.call(this, 'members', member.id), {
			body: { members: [{ newsletters: [] }] },
		});
		ghostUnsubscribed++;
	}
	return { imported, unsubscribed, ghostUnsubscribed, failures };
}

function details(plan: SyncPlan, limit: number): IDataObject[] {
	const rows: IDataObject[] = [
		...plan.add.map((g) => ({ action: 'add', email: g.email, memberId: g.id })),
		...plan.update.map((g) => ({ action: 'update', email: g.email, memberId: g.id })),
		...plan.unsubscribe.map((email) => ({ action: 'unsubscribe', email })),
		...plan.unsubscribeInGhost.map((g) => ({
			action: 'unsubscribeInGhost',
			email: g.email,
			memberId: g.id,
		})),
		...plan.skip.map((s) => ({
			action: 'skip',
			email: s.email,
			memberId: s.memberId,
			reason: s.reason,
		})),
		...plan.orphans.map((email) => ({
			action: 'orphan',
			email,
			reason: 'in Campaign Monitor, never from Ghost',
		})),
	];
	return rows.slice(0, limit);
}

async function runFullSync(this: IExecuteFunctions): Promise<IDataObject[]> {
	const started = Date.now();
	const listId = listIdOf.call(this, 0);
	const dryRun = this.getNodeParameter('dryRun', 0, true) as boolean;
	const options = this.getNodeParameter('options', 0, {}) as IDataObject;
	const limits = limitsFromOptions(this.getNodeParameter('requestOptions', 0, {}) as IDataObject);

	const counters: Counters = { ghostRequests: 0, campaignMonitorRequests: 0 };

	const mapping = {
		membership: listMembershipOf(options.listMembership),
		optionalFields: optionalGhostFieldsOf(options),
	};
	// The catch-up's cursor, kept in static data; a full sync has none.
	const catchUp =
		this.getNodeParameter('scope', 0, 'all') === 'changed'
			? { state: this.getWorkflowStaticData('node') as CatchUpState }
			: undefined;
	const since = catchUp && catchUpSince(catchUp.state, listId, new Date(started), options);

	let ghost: GhostRecord[];
	let cm: Map<string, CmRecord>;
	// Members read only because a payment is failing: not a missed delivery (Ghost sends none).
	const failingPaymentOnly = new Set<string>();
	if (since) {
		// Only members Ghost changed since the last successful run: one Ghost page when nothing did.
		const userFilter = String(options.ghostFilter ?? '');
		ghost = await readGhost.call(
			this,
			changedSinceFilter(since, userFilter),
			mapping,
			counters,
			'updated_at asc',
		);
		if (mapping.optionalFields.includes('ghost_subscription_status')) {
			const seen = new Set(ghost.map((g) => g.id));
			for (const g of await readGhost.call(
				this,
				failedPaymentFilter(userFilter),
				mapping,
				counters,
			)) {
				if (seen.has(g.id)) continue;
				ghost.push(g);
				failingPaymentOnly.add(g.email.toLowerCase());
			}
		}
		cm = await readCampaignMonitorFor.call(this, listId, ghost, limits, counters);
	} else {
		cm = await readCampaignMonitor.call(this, listId, limits, counters);
		ghost = await readGhost.call(this, String(options.ghostFilter ?? ''), mapping, counters);
	}
	const plan = planFullSync(ghost, cm, {
		unsubscribeOrphans: options.unsubscribeOrphans === true,
		campaignMonitorToGhost: options.campaignMonitorToGhost === true,
	});
	const summary: IDataObject = {
		dryRun,
		scope: catchUp ? 'changed' : 'all',
		listId,
		ghostMembers: ghost.length,
		campaignMonitorSubscribers: cm.size,
		plan: planSummary(plan),
	};
	if (since) {
		// Each repair is a change the live sync should have made: a delivery that never arrived.
		summary.since = since.toISOString();
		const repairs = [...plan.add, ...plan.update].map((g) => g.email.toLowerCase());
		repairs.push(...plan.unsubscribe.map((email) => email.toLowerCase()));
		summary.repaired = repairs.filter((email) => !failingPaymentOnly.has(email)).length;
		summary.failedPaymentsRepaired = repairs.length - summary.repaired;
	}
	if (!dryRun) summary.applied = await applyPlan.call(this, listId, plan, limits, counters);
	// Advanced only after the changes went through (n8n saves static data even for failed runs).
	if (catchUp && !dryRun) advanceCursor(catchUp.state, listId, new Date(started));
	summary.requests = {
		...counters,
		total: counters.ghostRequests + counters.campaignMonitorRequests,
	};
	summary.durationSeconds = Math.round((Date.now() - started) / 100) / 10;

	return [summary, ...details(plan, Number(options.detailLimit ?? 1000))];
}

// eslint-disable-next-line @n8n/community-nodes/node-usable-as-tool -- not an AI tool: one list-wide run that reads and writes whole lists, not an action an agent should call
export class MemberFullSync implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Member Full Sync',
		name: 'memberFullSync',
		icon: { light: 'file:fullSync.svg', dark: 'file:fullSync.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle:
			'={{ ($parameter["scope"] === "changed" ? "catch-up, " : "") + ($parameter["dryRun"] ? "dry run" : "apply") }}',
		description:
			'Compares all Ghost members with a Campaign Monitor list and plans or applies the difference in bulk',
		defaults: { name: 'Member Full Sync' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{ name: 'ghostMembersAdminApi', required: true, testedBy: 'ghostMembersAdminApiTest' },
			{ name: 'campaignMonitorApi', required: true, testedBy: 'campaignMonitorApiTest' },
		],
		properties: fullSyncProperties,
	};

	methods = {
		credentialTest: { campaignMonitorApiTest, ghostMembersAdminApiTest },
		listSearch: cmListSearch,
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		// One run per execution, whatever the number of input items: the sync is list-wide, so its
		// rows (and, under Continue On Fail, its error) belong to the first item.
		return [
			await forItemsTogether.call(this, [0], async () =>
				(await runFullSync.call(this)).map((json) => ({ itemIndex: 0, json })),
			),
		];
	}
}
