import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError, sleep } from 'n8n-workflow';
import { z } from 'zod';

import { normaliseFieldKey } from '../shared/campaignMonitor/cmFields';
import type { ListDecision } from '../shared/sync/listRule';
import { decideListAction, listMembershipOf } from '../shared/sync/listRule';
import { ghostMemberToSubscriber } from '../shared/sync/memberMapping';
import type {
	AfterFailedWrite,
	GhostAnswer,
	SyncOutcome,
	SyncSource,
} from '../shared/sync/memberSync';
import { afterFailedWrite, previousForStatusDiff, syncSourceFrom } from '../shared/sync/memberSync';
import type { StatusDiffInput, StoredStatus } from '../shared/sync/statusDiff';
import { diffMemberStatus, previousStatusUnknown } from '../shared/sync/statusDiff';
import { getSubscriber } from '../transport/campaignMonitor';
import { cmListSearch, listIdOf } from '../common/campaignMonitorList';
import { optionalGhostFieldsOf } from '../common/ghostFieldOptions';
import { everyItemAnswered, forEachItem } from '../common/itemLoop';
import { SIGNUP_GHOST_FIELDS } from '../shared/sync/ghostFields';
import {
	findGhostMemberByEmail,
	GHOST_CREDENTIAL,
	readGhostMembers,
	withSignupAttribution,
} from '../transport/ghost';
import { statusDiffProperties } from './description';

const memberItem = z.object({
	event: z.string(),
	site: z.string().optional(),
	memberId: z.string().nullable().optional(),
	member: z.record(z.string(), z.unknown()),
	previous: z.record(z.string(), z.unknown()).optional(),
	receivedAt: z.string().optional(),
	sync: z.object({ pass: z.number(), outcome: z.string() }).partial().optional(),
	writeRounds: z.object({ executionId: z.string(), failedWrites: z.number() }).partial().optional(),
});

/** The keys n8n's error output adds to the item a Campaign Monitor write failed on. */
const WRITE_ERROR_KEYS = ['error', 'details'];

/** What to do with each item that came back from a failed write (undefined: not one of those). */
function failedWritesOf(
	items: INodeExecutionData[],
	executionId: string,
): Array<AfterFailedWrite | undefined> {
	return items.map(({ json }) => {
		if (typeof json.error !== 'string' || !json.error) return undefined;
		const parsed = memberItem.safeParse(json);
		const httpCode = (json.details as IDataObject | undefined)?.httpCode;
		return afterFailedWrite(
			parsed.success ? parsed.data.writeRounds : undefined,
			executionId,
			typeof httpCode === 'string' ? httpCode : null,
		);
	});
}

/** The ids of the members whose events are not deletions: read from Ghost together. */
function idsToRead(items: INodeExecutionData[], only?: string): string[] {
	return items.flatMap(({ json }) => {
		const id = json.memberId ?? (json.member as IDataObject | undefined)?.id;
		const wanted = only ? json.event === only : json.event !== 'member.deleted';
		return wanted && typeof id === 'string' ? [id] : [];
	});
}

/**
 * Ghost's answer right before the write: the member as read with the batch, or, for a member Ghost
 * no longer has, who holds the event's address now.
 */
async function askGhost(
	this: IExecuteFunctions,
	event: string,
	member: Record<string, unknown>,
	memberId: string,
	current: Map<string, Record<string, unknown>>,
): Promise<GhostAnswer> {
	const found = event === 'member.deleted' ? undefined : current.get(memberId.toLowerCase());
	if (found) return { kind: 'member', member: found };
	const email = typeof member.email === 'string' ? member.email.trim() : '';
	const addressOwner = email ? await findGhostMemberByEmail.call(this, email) : null;
	return { kind: 'gone', addressOwner };
}

/** What Campaign Monitor holds of the member's status and its last change, if it has the member. */
async function statusInCampaignMonitor(
	this: IExecuteFunctions,
	itemIndex: number,
	email: string,
): Promise<StoredStatus | undefined> {
	const listId = listIdOf.call(this, itemIndex);
	const key = normaliseFieldKey(this.getNodeParameter('statusFieldKey', itemIndex, 'ghost_status'));
	const response = await getSubscriber.call(this, listId, email, { itemIndex });
	if (response.acceptedCode) return undefined;
	const fields =
		(response.body as { CustomFields?: Array<{ Key: string; Value: string }> }).CustomFields ?? [];
	const value = (name: string) =>
		fields.find((field) => normaliseFieldKey(field.Key).toLowerCase() === name.toLowerCase())
			?.Value || undefined;
	return {
		status: value(key),
		previousStatus: value('ghost_previous_status'),
		statusChangedAt: value('ghost_status_changed_at'),
	};
}

/** The node's run: one Ghost read for the batch, then a decision per event. */
async function diffEvents(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const split = this.getNodeParameter('routing', 0) === 'split';
	const readFromGhost = this.getNodeParameter('readFromGhost', 0, false) === true;
	const executionId = String(this.getExecutionId() ?? '');
	// A write that failed comes back here: wait a moment, then read Ghost again and write that.
	const afterFailure = failedWritesOf(items, executionId);
	const waitMs = Math.max(
		0,
		...afterFailure.map((verdict) => (verdict?.next === 'write again' ? verdict.waitMs : 0)),
	);
	if (waitMs > 0) await sleep(waitMs);
	// One Ghost read for the whole batch of events (one browse per 100 members).
	const current = readFromGhost
		? await readGhostMembers.call(this, idsToRead(items))
		: new Map<string, Record<string, unknown>>();
	const chosen = optionalGhostFieldsOf(this.getNodeParameter('options', 0, {}) as IDataObject);
	if (readFromGhost && chosen.some((key) => SIGNUP_GHOST_FIELDS.includes(key))) {
		// A signup is recorded once: read it for new members (one read per 100), not for edits.
		// One Ghost has not recorded yet is left to the full sync.
		const added = new Set(idsToRead(items, 'member.added').map((id) => id.toLowerCase()));
		await withSignupAttribution.call(
			this,
			[...current.values()],
			(member) => added.has(String(member.id).toLowerCase()),
			undefined,
			'leave',
		);
	}
	// Earlier builds kept a per-member history here (it grew with the site): dropped on upgrade.
	const staticData = this.getWorkflowStaticData('node');
	if ('sites' in staticData) for (const key of Object.keys(staticData)) delete staticData[key];

	const outputs = await forEachItem.call(
		this,
		async (itemIndex, emit) => {
			const failure = afterFailure[itemIndex];
			if (failure?.next === 'fail') {
				throw new NodeOperationError(
					this.getNode(),
					failure.failedWrites === 1
						? `Campaign Monitor refused the write: ${String(items[itemIndex].json.error)}`
						: `Campaign Monitor did not take the write (${failure.failedWrites} rounds, each from a new Ghost read): ${String(items[itemIndex].json.error)}`,
					{
						itemIndex,
						description:
							'The dead-letter workflow keeps the event. n8n’s Retry of this execution, like the replay workflow, reads the member from Ghost again before it writes.',
					},
				);
			}
			const eventJson: IDataObject = { ...items[itemIndex].json };
			if (failure) for (const key of WRITE_ERROR_KEYS) delete eventJson[key];
			const parsed = memberItem.safeParse(eventJson);
			if (!parsed.success) {
				throw new NodeOperationError(
					this.getNode(),
					'The item is not a Ghost member event: connect this node after the Ghost Member Trigger (it needs event, member and previous)',
					{ itemIndex },
				);
			}
			const eventMember = parsed.data.member;
			const webhookPrevious = parsed.data.previous ?? {};
			const memberId =
				parsed.data.memberId ?? (typeof eventMember.id === 'string' ? eventMember.id : '');
			if (!memberId)
				throw new NodeOperationError(this.getNode(), 'The member has no id', { itemIndex });
			// The member to write: as Ghost has it now (a webhook is only a notification).
			let source: SyncSource | undefined;
			if (readFromGhost) {
				source = syncSourceFrom(
					parsed.data.event,
					eventMember,
					await askGhost.call(this, parsed.data.event, eventMember, memberId, current),
				);
			}
			const event = source?.event ?? parsed.data.event;
			const member = source?.member ?? eventMember;
			const previous =
				source && event !== 'member.deleted'
					? previousForStatusDiff(webhookPrevious, eventMember, member)
					: webhookPrevious;
			const input: StatusDiffInput = {
				event,
				status: typeof member.status === 'string' ? member.status : undefined,
				previous,
				receivedAt: parsed.data.receivedAt ?? new Date(),
			};
			const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
			if (
				event !== 'member.deleted' &&
				this.getNodeParameter('campaignMonitorLookup', itemIndex, false) &&
				previousStatusUnknown(input)
			) {
				// A renamed member is still under the old address in Campaign Monitor.
				const email = String(previous.email ?? member.email ?? '');
				if (email)
					input.campaignMonitor = await statusInCampaignMonitor.call(this, itemIndex, email);
			}
			const result = diffMemberStatus(input);
			const changedKeys = Array.isArray(eventJson.changedKeys)
				? eventJson.changedKeys
				: Object.keys(webhookPrevious).sort();
			// Passes and failed writes count within one execution; n8n's Retry starts them afresh.
			const sameExecution = parsed.data.writeRounds?.executionId === executionId;
			const json: IDataObject = {
				...eventJson,
				...result,
				changedKeys,
				member,
				writeRounds: {
					executionId,
					failedWrites: failure?.next === 'write again' ? failure.failedWrites : 0,
				},
			};
			// Who is in the list: the same rule as the full sync's (nodes/shared/sync/listRule).
			const decision: ListDecision = source?.skip
				? {
						action: 'none',
						resubscribe: false,
						email: String(member.email ?? ''),
						reason: source.skip,
					}
				: decideListAction(event, member, previous, listMembershipOf(options.listMembership));
			if (options.campaignMonitorFields !== false) {
				// The default mapping; previous status and change date whenever the last change is known.
				const mapped = ghostMemberToSubscriber(member, {
					previousStatus: result.previousStatus ?? undefined,
					statusChangedAt: result.statusChangedAt ?? undefined,
					optionalFields: optionalGhostFieldsOf(options),
				});
				const fields: IDataObject = Object.fromEntries(
					mapped.CustomFields.map((field) => [field.Key, field.Value]),
				);
				// A member who left gets no newsletter any more: the field must not say otherwise.
				if (decision.action === 'remove') fields.ghost_email_enabled = 'false';
				json.campaignMonitor = {
					EmailAddress: mapped.EmailAddress,
					Name: mapped.Name,
					fields,
					action: decision.action,
					resubscribe: decision.resubscribe,
					listEmail: decision.email,
					reason: decision.reason,
				};
			}
			if (source) {
				// For Member Sync Check after the write; a later pass keeps the first pass's outcome.
				const earlier = parsed.data.sync;
				json.sync = {
					pass: (sameExecution ? (earlier?.pass ?? 0) : 0) + 1,
					outcome:
						source.outcome === 'member gone'
							? source.outcome
							: ((earlier?.outcome as SyncOutcome | undefined) ?? source.outcome),
					action: decision.action,
					fingerprint: source.fingerprint,
				};
			}
			emit(json, split && !result.statusChanged ? 1 : 0);
		},
		split ? 2 : 1,
	);
	return outputs;
}

export class MemberStatusDiff implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Member Status Diff',
		name: 'memberStatusDiff',
		icon: { light: 'file:statusDiff.svg', dark: 'file:statusDiff.dark.svg' },
		group: ['transform'],
		version: 1,
		usableAsTool: true,
		subtitle: '={{$parameter["routing"] === "split" ? "changed / unchanged" : "status changed?"}}',
		description:
			'Tells whether a Ghost member’s status (free, paid, comped…) changed, from what and since when',
		defaults: { name: 'Member Status Diff' },
		inputs: [NodeConnectionTypes.Main],
		outputs: `={{ $parameter["routing"] === "split" ? [{ "type": "${NodeConnectionTypes.Main}", "displayName": "Changed" }, { "type": "${NodeConnectionTypes.Main}", "displayName": "Unchanged" }] : ["${NodeConnectionTypes.Main}"] }}`,
		credentials: [
			{
				name: 'campaignMonitorApi',
				required: true,
				displayOptions: { show: { campaignMonitorLookup: [true] } },
			},
			{
				name: GHOST_CREDENTIAL,
				required: true,
				displayOptions: { show: { readFromGhost: [true] } },
			},
		],
		properties: statusDiffProperties,
	};

	methods = {
		listSearch: cmListSearch,
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await everyItemAnswered.call(this, async () => await diffEvents.call(this));
	}
}
