import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import type { CatchUpState } from '../shared/sync/catchUp';
import {
	advanceCursor,
	catchUpSince,
	changedSinceFilter,
	endCatchUp,
	failedPaymentFilter,
	startCatchUp,
} from '../shared/sync/catchUp';
import { normaliseFieldKey } from '../shared/campaignMonitor/cmFields';
import type { CmRecord, GhostRecord } from '../shared/sync/fullSyncPlan';
import { ghostRecord } from '../shared/sync/fullSyncPlan';
import type { MemberDecision, RemainderDecision } from '../shared/sync/fullSyncStream';
import { CmDigest, FullSyncPlanner } from '../shared/sync/fullSyncStream';
import {
	COMPARED_GHOST_FIELDS,
	ghostFieldsFor,
	SIGNUP_GHOST_FIELDS,
} from '../shared/sync/ghostFields';
import type { ListMembership } from '../shared/sync/listRule';
import { listMembershipOf } from '../shared/sync/listRule';
import { checkUnsubscribes, unsubscribeLimitOf } from '../shared/sync/unsubscribeLimit';
import type { CmLimits, CmListState, SubscriberDetails } from '../transport/campaignMonitor';
import {
	activeSubscriberCount,
	cmListPages,
	getSubscriber,
	importSubscribers,
	removeFromList,
} from '../transport/campaignMonitor';
import { cmListSearch, listIdOf, requestLimitsOf } from '../common/campaignMonitorList';
import { optionalGhostFieldsOf } from '../common/ghostFieldOptions';
import { forItemsTogether } from '../common/itemLoop';
import { CM_IMPORT_LIMIT } from '../shared/campaignMonitor/cmIds';
import {
	ghostMemberPages,
	ghostMembersByEmail,
	updateGhostMember,
	withSignupAttribution,
} from '../transport/ghost';
import { fullSyncProperties } from './description';
import { assertN8nTwoOrLater } from '../common/requiresN8nTwo';

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

/** Campaign Monitor's whole list (its four states), into the compact digest. */
async function readCampaignMonitor(
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
async function readCampaignMonitorFor(
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

interface Mapping {
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
async function* ghostRecords(
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

interface NotSeen {
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
async function confirmNotSeen(
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
async function readsListAtOnce(changed: number, countActive: () => Promise<number>) {
	if (changed <= SINGLE_READS_UP_TO) return false;
	// Active pages twice over for the other states, and one request per state.
	return changed > Math.ceil((await countActive()) / 1000) * 2 + CM_STATES.length;
}

async function collect(records: AsyncGenerator<GhostRecord>): Promise<GhostRecord[]> {
	const all: GhostRecord[] = [];
	for await (const record of records) all.push(record);
	return all;
}

type Decision = MemberDecision | RemainderDecision;

/** Counts and the bounded detail, in the plan's order (adds, updates, unsubscribes, …). */
class PlanReport {
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

/** Applies decisions as they come: imports sent as a batch of 1000 fills, one call per unsubscribe. */
class PlanApplier {
	private batch: IDataObject[] = [];
	readonly result = {
		imported: 0,
		unsubscribed: 0,
		ghostUnsubscribed: 0,
		failures: [] as IDataObject[],
	};

	constructor(
		private readonly ctx: IExecuteFunctions,
		private readonly listId: string,
		private readonly limits: CmLimits,
		private readonly counters: Counters,
	) {}

	async apply(d: Decision) {
		if (d.kind === 'add' || d.kind === 'update') {
			const { subscriber } = d.ghost;
			this.batch.push({
				EmailAddress: subscriber.EmailAddress,
				...(subscriber.Name ? { Name: subscriber.Name } : {}),
				CustomFields: subscriber.CustomFields,
				ConsentToTrack: d.kind === 'add' ? 'Yes' : 'Unchanged',
			});
			if (this.batch.length >= CM_IMPORT_LIMIT) await this.flush();
		} else if (d.kind === 'unsubscribe') {
			this.counters.campaignMonitorRequests++;
			await removeFromList.call(this.ctx, this.listId, d.email, 'unsubscribe', {
				limits: this.limits,
			});
			this.result.unsubscribed++;
		} else if (d.kind === 'unsubscribeInGhost') {
			this.counters.ghostRequests++;
			await updateGhostMember.call(this.ctx, d.ghost.id, { newsletters: [] });
			this.result.ghostUnsubscribed++;
		}
	}

	async flush() {
		if (this.batch.length === 0) return;
		const chunk = this.batch;
		this.batch = [];
		this.counters.campaignMonitorRequests++;
		// Resubscribe off: nobody who opted out in Campaign Monitor is brought back.
		const data = await importSubscribers.call(
			this.ctx,
			this.listId,
			chunk,
			{
				resubscribe: false,
				queueSubscriptionBasedAutoresponders: false,
				restartSubscriptionBasedAutoresponders: false,
			},
			{ limits: this.limits },
		);
		const failed = data.FailureDetails ?? [];
		this.result.imported += chunk.length - failed.length;
		for (const failure of failed)
			this.result.failures.push({
				action: 'import',
				email: failure.EmailAddress,
				code: failure.Code,
				message: failure.Message,
			});
	}
}

/** The catch-up, one run per workflow and list at a time; the full sync as it comes. */
async function runSync(this: IExecuteFunctions): Promise<IDataObject[]> {
	if (this.getNodeParameter('scope', 0, 'all') !== 'changed') return await runFullSync.call(this);
	const listId = listIdOf.call(this, 0);
	const key = `${this.getWorkflow().id ?? ''}|${listId.toLowerCase()}`;
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
		return await runFullSync.call(this);
	} finally {
		endCatchUp(key);
	}
}

async function runFullSync(this: IExecuteFunctions): Promise<IDataObject[]> {
	const started = Date.now();
	const listId = listIdOf.call(this, 0);
	const dryRun = this.getNodeParameter('dryRun', 0, true) as boolean;
	const options = this.getNodeParameter('options', 0, {}) as IDataObject;
	const limits = requestLimitsOf.call(this, 0);

	const counters: Counters = { ghostRequests: 0, campaignMonitorRequests: 0 };

	const mapping: Mapping = {
		membership: listMembershipOf(options.listMembership),
		optionalFields: optionalGhostFieldsOf(options),
	};
	// The catch-up's cursor, kept in static data; a full sync has none.
	const catchUp =
		this.getNodeParameter('scope', 0, 'all') === 'changed'
			? { state: this.getWorkflowStaticData('node') as CatchUpState }
			: undefined;
	const since = catchUp && catchUpSince(catchUp.state, listId, new Date(started), options);
	const userFilter = String(options.ghostFilter ?? '');

	// Only the compared fields this sync writes are kept per address.
	const written = new Set(ghostFieldsFor(mapping.optionalFields).map((f) => f.FieldName));
	const digest = new CmDigest(COMPARED_GHOST_FIELDS.filter((key) => written.has(key)));
	const signupKey = SIGNUP_GHOST_FIELDS.find((key) => written.has(key));
	if (signupKey)
		mapping.needsSignup = (record) => record.inList && digest.lacks(record.email, signupKey);
	let members: AsyncIterable<GhostRecord> | GhostRecord[];
	let campaignMonitorRead: 'list' | 'changed members' = 'list';
	// The list's Active count, read from Campaign Monitor at most once (the catch-up's choices).
	let activeInCm: number | undefined;
	const countActive = async () => {
		if (activeInCm === undefined) {
			counters.campaignMonitorRequests++;
			activeInCm = await activeSubscriberCount.call(this, listId, limits);
		}
		return activeInCm;
	};
	if (since) {
		// Only members Ghost changed since the last successful run: one Ghost page when nothing did.
		let total = 0;
		const pages = ghostRecords.call(
			this,
			changedSinceFilter(since, userFilter),
			mapping,
			counters,
			(count) => (total = count),
		);
		const first = await pages.next();
		// Failed payments send no webhook (the member stays paid): read them too.
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
		if (await readsListAtOnce(total, countActive)) {
			// A bulk edit: the whole list read the way the full sync reads it, Ghost streamed.
			await readCampaignMonitor.call(this, digest, listId, limits, counters);
			members = changed();
		} else {
			const list = await collect(changed());
			campaignMonitorRead = 'changed members';
			await readCampaignMonitorFor.call(this, digest, listId, list, limits, counters);
			members = list;
		}
	} else {
		await readCampaignMonitor.call(this, digest, listId, limits, counters);
		members = ghostRecords.call(this, userFilter, mapping, counters);
	}

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

	const summary: IDataObject = {
		dryRun,
		scope: catchUp ? 'changed' : 'all',
		listId,
		ghostMembers,
		campaignMonitorSubscribers: digest.size,
		plan: { ...report.counts },
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
		summary.campaignMonitorRead = campaignMonitorRead;
		summary.repaired = repaired;
		summary.lifecycleRepaired = lifecycleRepaired;
	}
	if (applier) summary.applied = applier.result;
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

export class MemberFullSync implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Member Full Sync',
		name: 'memberFullSync',
		icon: { light: 'file:fullSync.svg', dark: 'file:fullSync.dark.svg' },
		group: ['transform'],
		version: 1,
		usableAsTool: true,
		subtitle:
			'={{ ($parameter["scope"] === "changed" ? "catch-up, " : "") + ($parameter["dryRun"] ? "dry run" : "apply") }}',
		description:
			'Compares all Ghost members with a Campaign Monitor list and plans or applies the difference in bulk',
		defaults: { name: 'Member Full Sync' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{ name: 'ghostMembersAdminApi', required: true },
			{ name: 'campaignMonitorApi', required: true },
		],
		properties: fullSyncProperties,
	};

	methods = {
		listSearch: cmListSearch,
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		assertN8nTwoOrLater(this.getNode());
		// One run per execution, whatever the number of input items: the sync is list-wide, so its
		// rows (and, under Continue On Fail, its error) belong to the first item.
		return [
			await forItemsTogether.call(this, [0], async () =>
				(await runSync.call(this)).map((json) => ({ itemIndex: 0, json })),
			),
		];
	}
}
