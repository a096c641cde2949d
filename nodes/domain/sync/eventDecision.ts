import type { ListDecision, ListMembership } from './listRule';
import { decideListAction } from './listRule';
import { ghostMemberToSubscriber } from './memberMapping';
import type { AfterFailedWrite, SyncOutcome, SyncSource } from './memberSync';
import { addressOf, previousForStatusDiff } from './memberSync';
import type { StatusDiffInput } from './statusDiff';
import { diffMemberStatus } from './statusDiff';

/**
 * Member Status Diff's decision for one event, as plain data: what changed in the member's
 * status, whether they belong in the list, the fields to write, and where the item is in its
 * write rounds. The node reads Ghost (and Campaign Monitor, when asked) and calls this.
 */

type Json = Record<string, unknown>;

/** One member event as the node received it (the trigger's item, or one back from a write). */
export interface MemberEvent {
	event: string;
	member: Json;
	previous?: Json;
	receivedAt?: string;
	memberId?: string | null;
	sync?: { pass?: number; outcome?: string };
	writeRounds?: { executionId?: string; failedWrites?: number };
}

export interface DecisionSettings {
	executionId: string;
	membership: ListMembership;
	optionalFields: string[];
	/** Put the mapped fields on the item (`campaignMonitor`); off only for a workflow of your own. */
	mapFields: boolean;
}

/** The member, event and previous values to decide on: Ghost's now when it was read. */
export function statusDiffInputOf(parsed: MemberEvent, source: SyncSource | undefined) {
	const event = source?.event ?? parsed.event;
	const member = source?.member ?? parsed.member;
	const webhookPrevious = parsed.previous ?? {};
	let previous =
		source && event !== 'member.deleted'
			? previousForStatusDiff(webhookPrevious, parsed.member, member)
			: webhookPrevious;
	if (source?.addressBefore) {
		// Ghost's member moved to another address since the item's member was read: the write renames
		// from the address Campaign Monitor may still have. On a later pass the item's member is the
		// one the pass before wrote; on the first, a webhook's own previous address comes first.
		const webhookAddress = addressOf(previous);
		const email = parsed.sync || !webhookAddress ? source.addressBefore : webhookAddress;
		previous = { ...previous, email };
	}
	const input: StatusDiffInput = {
		event,
		status: typeof member.status === 'string' ? member.status : undefined,
		previous,
		receivedAt: parsed.receivedAt ?? new Date(),
	};
	return { event, member, previous, input };
}

/** The item the node puts out for one event, and whether its status changed. */
export function decideEvent(
	eventJson: Json,
	parsed: MemberEvent,
	facts: ReturnType<typeof statusDiffInputOf>,
	source: SyncSource | undefined,
	failure: AfterFailedWrite | undefined,
	settings: DecisionSettings,
): { json: Json; statusChanged: boolean } {
	const { event, member, previous, input } = facts;
	const result = diffMemberStatus(input);
	const changedKeys = Array.isArray(eventJson.changedKeys)
		? eventJson.changedKeys
		: Object.keys(parsed.previous ?? {}).sort();
	// Passes and failed writes count within one execution; n8n's Retry starts them afresh.
	const sameExecution = parsed.writeRounds?.executionId === settings.executionId;
	const json: Json = {
		...eventJson,
		...result,
		changedKeys,
		member,
		// The address to rename from (the write's Previous Email reads `previous.email`).
		...(source?.addressBefore ? { previous: { ...parsed.previous, email: previous.email } } : {}),
		writeRounds: {
			executionId: settings.executionId,
			failedWrites: failure?.next === 'write again' ? failure.failedWrites : 0,
		},
	};
	// Who is in the list: the same rule as the full sync's (listRule).
	const decision: ListDecision = source?.skip
		? { action: 'none', resubscribe: false, email: String(member.email ?? ''), reason: source.skip }
		: decideListAction(event, member, previous, settings.membership);
	if (settings.mapFields) {
		// The default mapping; previous status and change date whenever the last change is known.
		const mapped = ghostMemberToSubscriber(member, {
			previousStatus: result.previousStatus ?? undefined,
			statusChangedAt: result.statusChangedAt ?? undefined,
			optionalFields: settings.optionalFields,
		});
		const fields: Json = Object.fromEntries(
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
		const earlier = parsed.sync;
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
	return { json, statusChanged: result.statusChanged };
}
