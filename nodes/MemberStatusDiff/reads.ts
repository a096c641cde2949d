import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { z } from 'zod';

import { normaliseFieldKey } from '../domain/campaignMonitor/cmFields';
import type { AfterFailedWrite, GhostAnswer } from '../domain/sync/memberSync';
import { addressOf, afterFailedWrite, movedFromAddress } from '../domain/sync/memberSync';
import type { StoredStatus } from '../domain/sync/statusDiff';
import { getSubscriber } from '../transport/campaignMonitor';
import { listIdOf } from '../helpers/campaignMonitorList';
import { findGhostMemberByEmail } from '../transport/ghost';

/** What Member Status Diff reads around its decision: the items, Ghost, Campaign Monitor. */

export const memberItem = z.object({
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
export const WRITE_ERROR_KEYS = ['error', 'details'];

/** What to do with each item that came back from a failed write (undefined: not one of those). */
export function failedWritesOf(
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
export function idsToRead(items: INodeExecutionData[], only?: string): string[] {
	return items.flatMap(({ json }) => {
		const id = json.memberId ?? (json.member as IDataObject | undefined)?.id;
		const wanted = only ? json.event === only : json.event !== 'member.deleted';
		return wanted && typeof id === 'string' ? [id] : [];
	});
}

/**
 * Ghost's answer right before the write: the member as read with the batch, or, for a member Ghost
 * no longer has, who holds the event's address now. A member whose address changed since the
 * event: who holds the old address now (rare, so read one by one).
 */
export async function askGhost(
	this: IExecuteFunctions,
	event: string,
	member: Record<string, unknown>,
	memberId: string,
	current: Map<string, Record<string, unknown>>,
): Promise<GhostAnswer> {
	const found = event === 'member.deleted' ? undefined : current.get(memberId.toLowerCase());
	const email = addressOf(member);
	if (found) {
		if (!movedFromAddress(member, found)) return { kind: 'member', member: found };
		const eventAddressOwner = await findGhostMemberByEmail.call(this, email);
		return { kind: 'member', member: found, eventAddressOwner };
	}
	const addressOwner = email ? await findGhostMemberByEmail.call(this, email) : null;
	return { kind: 'gone', addressOwner };
}

/** What Campaign Monitor holds of the member's status and its last change, if it has the member. */
export async function statusInCampaignMonitor(
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
