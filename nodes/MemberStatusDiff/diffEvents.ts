import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError, sleep } from 'n8n-workflow';

import { optionalGhostFieldsOf } from '../helpers/ghostFieldOptions';
import { forEachItem } from '../helpers/itemLoop';
import { decideEvent, statusDiffInputOf } from '../domain/sync/eventDecision';
import { SIGNUP_GHOST_FIELDS } from '../domain/sync/ghostFields';
import { listMembershipOf } from '../domain/sync/listRule';
import type { SyncSource } from '../domain/sync/memberSync';
import { syncSourceFrom } from '../domain/sync/memberSync';
import { previousStatusUnknown } from '../domain/sync/statusDiff';
import { readGhostMembers, withSignupAttribution } from '../transport/ghost';
import {
	askGhost,
	failedWritesOf,
	idsToRead,
	memberItem,
	statusInCampaignMonitor,
	WRITE_ERROR_KEYS,
} from './reads';

/** A write Campaign Monitor refused for good: the item fails here, with what to do. */
function refusedWrite(this: IExecuteFunctions, itemIndex: number, failedWrites: number) {
	const error = String(this.getInputData()[itemIndex].json.error);
	return new NodeOperationError(
		this.getNode(),
		failedWrites === 1
			? `Campaign Monitor refused the write: ${error}`
			: `Campaign Monitor did not take the write (${failedWrites} rounds, each from a new Ghost read): ${error}`,
		{
			itemIndex,
			description:
				'The dead-letter workflow keeps the event. n8n’s Retry of this execution, like the replay workflow, reads the member from Ghost again before it writes.',
		},
	);
}

/** The node's run: one Ghost read for the batch, then a decision per event (eventDecision). */
export async function diffEvents(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
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
	// Compatibility with 0.1.0 builds before the stateless diff, which kept a per-member history
	// here (it grew with the site): dropped on the first run. Remove with 0.1.0's support (0.4.0).
	const staticData = this.getWorkflowStaticData('node');
	if ('sites' in staticData) for (const key of Object.keys(staticData)) delete staticData[key];

	return await forEachItem.call(
		this,
		async (itemIndex, emit) => {
			const failure = afterFailure[itemIndex];
			if (failure?.next === 'fail') throw refusedWrite.call(this, itemIndex, failure.failedWrites);
			const eventJson: IDataObject = { ...items[itemIndex].json };
			if (failure) for (const key of WRITE_ERROR_KEYS) delete eventJson[key];
			const parsed = memberItem.safeParse(eventJson);
			if (!parsed.success)
				throw new NodeOperationError(
					this.getNode(),
					'The item is not a Ghost member event: connect this node after the Ghost Member Trigger (it needs event, member and previous)',
					{ itemIndex },
				);
			const { event: eventName, member: eventMember } = parsed.data;
			const memberId =
				parsed.data.memberId ?? (typeof eventMember.id === 'string' ? eventMember.id : '');
			if (!memberId)
				throw new NodeOperationError(this.getNode(), 'The member has no id', { itemIndex });
			// The member to write: as Ghost has it now (a webhook is only a notification).
			const source: SyncSource | undefined = readFromGhost
				? syncSourceFrom(
						eventName,
						eventMember,
						await askGhost.call(this, eventName, eventMember, memberId, current),
					)
				: undefined;
			const facts = statusDiffInputOf(parsed.data, source);
			const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
			if (
				facts.event !== 'member.deleted' &&
				this.getNodeParameter('campaignMonitorLookup', itemIndex, false) &&
				previousStatusUnknown(facts.input)
			) {
				// A renamed member is still under the old address in Campaign Monitor.
				const email = String(facts.previous.email ?? facts.member.email ?? '');
				if (email)
					facts.input.campaignMonitor = await statusInCampaignMonitor.call(this, itemIndex, email);
			}
			const { json, statusChanged } = decideEvent(eventJson, parsed.data, facts, source, failure, {
				executionId,
				membership: listMembershipOf(options.listMembership),
				optionalFields: optionalGhostFieldsOf(options),
				mapFields: options.campaignMonitorFields !== false,
			});
			emit(json as IDataObject, split && !statusChanged ? 1 : 0);
		},
		split ? 2 : 1,
	);
}
