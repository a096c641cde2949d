import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';
import { z } from 'zod';

import { everyItemAnswered, forEachItem } from '../helpers/itemLoop';
import { checkAfterWrite } from '../domain/sync/memberSync';
import { findGhostMemberByEmail, GHOST_CREDENTIAL, readGhostMembers } from '../transport/ghost';
import { syncCheckProperties } from './description';

const syncedItem = z.object({
	event: z.string(),
	memberId: z.string(),
	member: z.record(z.string(), z.unknown()),
	campaignMonitor: z.object({ listEmail: z.string().optional() }).partial().optional(),
	sync: z.object({
		pass: z.number(),
		outcome: z.string(),
		action: z.enum(['upsert', 'unsubscribe', 'remove', 'none']),
		fingerprint: z.string(),
	}),
});

/** What Member Status Diff added to the event item; the next pass computes them again. */
const DIFF_KEYS = [
	'status',
	'statusChanged',
	'previousStatus',
	'statusChangedAt',
	'statusSource',
	'campaignMonitor',
];

function parseSynced(this: IExecuteFunctions, itemIndex: number): IDataObject {
	const value = this.getNodeParameter('syncedItem', itemIndex);
	if (typeof value !== 'string') return (value ?? {}) as IDataObject;
	try {
		return JSON.parse(value) as IDataObject;
	} catch {
		return {};
	}
}

/** The node's run: one Ghost read for the batch, then a verdict per written member. */
async function checkWrites(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const synced = this.getInputData().map((_item, itemIndex) => {
		const raw = parseSynced.call(this, itemIndex);
		return { raw, parsed: syncedItem.safeParse(raw) };
	});
	// One Ghost read for every member written in this batch.
	const current = await readGhostMembers.call(
		this,
		synced.flatMap(({ parsed }) =>
			parsed.success && ['upsert', 'unsubscribe'].includes(parsed.data.sync.action)
				? [parsed.data.memberId]
				: [],
		),
	);
	return await forEachItem.call(
		this,
		async (itemIndex, emit) => {
			const { raw, parsed } = synced[itemIndex];
			if (!parsed.success) {
				throw new NodeOperationError(
					this.getNode(),
					'Synced Item is not an item of Member Status Diff with Read Member From Ghost on',
					{
						itemIndex,
						description:
							'Turn on Read Member From Ghost in Member Status Diff, and point Synced Item at its item (the default expression does).',
					},
				);
			}
			const { sync, member, memberId } = parsed.data;
			const written = { action: sync.action, fingerprint: sync.fingerprint };
			let verdict;
			if (sync.action === 'remove') {
				const email = String(parsed.data.campaignMonitor?.listEmail || member.email || '');
				const addressOwner = email ? await findGhostMemberByEmail.call(this, email) : null;
				verdict = checkAfterWrite(written, { addressOwner }, member);
			} else if (sync.action === 'none') {
				verdict = checkAfterWrite(written, { member: null }, member);
			} else {
				const now = current.get(memberId.toLowerCase()) ?? null;
				verdict = checkAfterWrite(written, { member: now }, member);
			}
			const done = {
				memberId,
				site: raw.site ?? '',
				event: parsed.data.event,
				action: sync.action,
				outcome: sync.outcome,
				passes: sync.pass,
			};
			if (!verdict.changed) return emit(done, 0);

			const maxPasses = Math.max(1, Number(this.getNodeParameter('maxPasses', itemIndex, 3)));
			if (sync.pass >= maxPasses) {
				throw new NodeOperationError(
					this.getNode(),
					`Ghost changed the member during ${sync.pass} syncs in a row`,
					{
						itemIndex,
						description: `${verdict.reason}. The dead-letter workflow keeps the event; a replay writes the member as Ghost has it then.`,
					},
				);
			}
			const next: IDataObject = { ...raw, sync: { pass: sync.pass, outcome: sync.outcome } };
			for (const key of DIFF_KEYS) delete next[key];
			if (verdict.member) {
				// The address was taken by a new signup while it was being removed: sync that member.
				next.event = 'member.added';
				next.memberId = String(verdict.member.id ?? '');
				next.member = verdict.member as IDataObject;
				next.previous = {};
			}
			emit(next, 1);
		},
		2,
	);
}

export class MemberSyncCheck implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Member Sync Check',
		name: 'memberSyncCheck',
		icon: { light: 'file:syncCheck.svg', dark: 'file:syncCheck.dark.svg' },
		group: ['transform'],
		version: 1,
		usableAsTool: true,
		subtitle: 'still what Ghost has?',
		description:
			'After a Campaign Monitor write, reads the member from Ghost again and sends the item round once more when Ghost changed it meanwhile',
		defaults: { name: 'Member Sync Check' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [
			{ type: NodeConnectionTypes.Main, displayName: 'Done' },
			{ type: NodeConnectionTypes.Main, displayName: 'Ghost Changed' },
		],
		credentials: [{ name: GHOST_CREDENTIAL, required: true }],
		properties: syncCheckProperties,
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await everyItemAnswered.call(this, async () => await checkWrites.call(this));
	}
}
