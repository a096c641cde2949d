import { normaliseFieldKey } from '../campaignMonitor/cmFields';
import type { CmRecord, GhostRecord } from '../sync/fullSyncPlan';
import { ghostRecord } from '../sync/fullSyncPlan';
import type { MemberDecision } from '../sync/fullSyncStream';
import { CmDigest, FullSyncPlanner } from '../sync/fullSyncStream';
import { COMPARED_GHOST_FIELDS, names, writtenAmong } from '../sync/ghostFields';
import type { ListMembership } from '../sync/listRule';
import { getsNewsletters, suppressionOf } from '../sync/listRule';

/**
 * "Why is this reader (not) in Campaign Monitor?": Ghost's member and Campaign Monitor's
 * subscriber side by side, what the list rule says and why, and what the sync would do now,
 * decided by the same planner as the full sync and the catch-up.
 */

type Member = Record<string, unknown>;

export interface ReaderSides {
	email: string;
	/** Ghost's member, or null when Ghost has nobody with the address. */
	member: Member | null;
	/** Campaign Monitor's subscriber, or null when the address is not in the list. */
	subscriber: CmRecord | null;
	membership: ListMembership;
	optionalFields: readonly string[];
}

export interface ReaderVerdict {
	/** Where the rule puts the reader: Active, Unsubscribed, or not in the list. */
	expected: 'Active' | 'Unsubscribed' | 'not in the list';
	/** Why, in the publisher's words. */
	reason: string;
	/** What a sync would do now (the full sync's decision for this one reader). */
	decision: MemberDecision['kind'] | 'unsubscribe (not in Ghost)';
	/** Each field that differs: as Ghost has it, as Campaign Monitor has it. */
	differences: Array<{ field: string; ghost: string; campaignMonitor: string }>;
	/** Campaign Monitor agrees with Ghost (nothing for a repair to do). */
	inStep: boolean;
}

/** The reader's Ghost side in short: what decides their place in the list. */
export function ghostSide(member: Member | null) {
	if (!member) return { found: false };
	return {
		found: true,
		id: String(member.id ?? ''),
		status: String(member.status ?? ''),
		newsletters: names(member.newsletters) ?? [],
		subscribed: getsNewsletters(member) === true,
		suppressed: suppressionOf(member) ?? null,
		labels: names(member.labels) ?? [],
	};
}

function ruleOf(record: GhostRecord, member: Member, membership: ListMembership) {
	const suppressed = suppressionOf(member);
	if (suppressed)
		return {
			expected: 'Unsubscribed' as const,
			reason: `Ghost suppresses the address (${suppressed === 'spam' ? 'a spam complaint' : suppressed === 'bounce' ? 'a hard bounce' : 'suppressed'}): nobody Ghost will not mail is Active`,
		};
	if (record.inList)
		return {
			expected: 'Active' as const,
			reason:
				membership === 'allMembers'
					? 'List Membership is All Members: every member is Active'
					: 'the reader gets at least one newsletter in Ghost',
		};
	return {
		expected: 'Unsubscribed' as const,
		reason:
			'the reader gets no newsletter in Ghost (opted out of every one, or signed up without any)',
	};
}

export function readerVerdict(sides: ReaderSides): ReaderVerdict {
	const { member, subscriber } = sides;
	if (!member) {
		const active = subscriber?.state === 'Active';
		return {
			expected: 'not in the list',
			reason: 'Ghost has no member with this address (deleted, or never a member)',
			decision: active ? 'unsubscribe (not in Ghost)' : 'unchanged',
			differences: [],
			inStep: !active,
		};
	}
	const record = ghostRecord(member, sides.membership, sides.optionalFields);
	const rule = ruleOf(record, member, sides.membership);
	const compared = writtenAmong(COMPARED_GHOST_FIELDS, sides.optionalFields);
	const digest = new CmDigest(compared);
	if (subscriber) digest.add(subscriber);
	const decision = new FullSyncPlanner(digest).member(record) ?? { kind: 'unchanged' as const };
	const wanted = new Map(
		record.subscriber.CustomFields.map((field) => [normaliseFieldKey(field.Key), field.Value]),
	);
	const differences = subscriber
		? compared
				// A field the member read did not give (a signup not read) is not a difference.
				.filter((key) => wanted.has(key) && wanted.get(key) !== (subscriber.fields[key] ?? ''))
				.map((key) => ({
					field: key,
					ghost: wanted.get(key) as string,
					campaignMonitor: subscriber.fields[key] ?? '',
				}))
		: [];
	let reason = rule.reason;
	if (decision.kind === 'skip')
		reason = `${rule.reason}; ${decision.entry.reason} (only a new opt-in in Ghost resubscribes them)`;
	return {
		expected: rule.expected,
		reason,
		decision: decision.kind,
		differences,
		inStep: decision.kind === 'unchanged' || decision.kind === 'skip',
	};
}
