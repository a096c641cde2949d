import { changedSinceEvent, memberFingerprint } from './memberSnapshot';

/**
 * A webhook is a notification, not the data to write: the live sync and every replay write the
 * member as Ghost has it at the moment of the write, never an older state.
 *
 * - Before the write (Member Status Diff, *Read Member From Ghost*): the member is read by id.
 *   Found: Ghost's member is written. Gone: the address is unsubscribed (or deleted), never added,
 *   and left alone when a member who signed up again holds it now.
 * - After the write (Member Sync Check): the member is read again. When it changed meanwhile (an
 *   edit raced this write, or a retried write landed after a newer one), the item goes round once
 *   more, so the last write for a member is always built from a read made after every earlier one
 *   landed. This holds across n8n processes (queue mode) too, since it asks Ghost, not memory.
 */

type Member = Record<string, unknown>;

/** What the replay records: the event's member still current, changed since, or gone from Ghost. */
export type SyncOutcome = 'current' | 'superseded' | 'member gone';

/** Ghost's answer right before the write. */
export type GhostAnswer =
	/**
	 * Read by id: Ghost has the member. When its address is no longer the event's, who holds the
	 * event's address now (asked only then).
	 */
	| { kind: 'member'; member: Member; eventAddressOwner?: Member | null }
	/** No member with this id (deleted); who holds the event's address now, if anyone. */
	| { kind: 'gone'; addressOwner: Member | null };

export interface SyncSource {
	/** The member to write from: Ghost's when it has the member, else the event's. */
	member: Member;
	/** The event the list rule sees: `member.deleted` for a member Ghost no longer has. */
	event: string;
	outcome: SyncOutcome;
	/**
	 * Why there is nothing to write, if so: the address belongs to another member now (deleted, then
	 * signed up again), or the event knows no address (a replay of a pruned execution).
	 */
	skip?: string;
	/** Fingerprint of Ghost's member ('' when gone), checked again after the write. */
	fingerprint: string;
	/**
	 * The address the event knew, when Ghost's member has another one now and nobody else holds it:
	 * Campaign Monitor may still have the subscriber under it, so the write renames from there.
	 */
	addressBefore?: string;
}

function sameMember(a: Member | null, b: Member): boolean {
	return !!a && typeof a.id === 'string' && a.id === b.id;
}

/** A member's (or a webhook's `previous`) address, trimmed; '' when it names none. */
export const addressOf = (member: Member) =>
	typeof member.email === 'string' ? member.email.trim() : '';

/** The event's address when Ghost's member moved off it (an email change raced this write). */
export function movedFromAddress(eventMember: Member, ghostMember: Member): string | undefined {
	const before = addressOf(eventMember);
	const now = addressOf(ghostMember);
	return before && now && before.toLowerCase() !== now.toLowerCase() ? before : undefined;
}

export function syncSourceFrom(
	event: string,
	eventMember: Member,
	answer: GhostAnswer,
): SyncSource {
	if (answer.kind === 'member') {
		const before = movedFromAddress(eventMember, answer.member);
		// Another member signed up with the old address since: their subscriber is not this one's.
		const taken = answer.eventAddressOwner && !sameMember(answer.eventAddressOwner, eventMember);
		return {
			member: answer.member,
			event,
			outcome: changedSinceEvent(eventMember, answer.member) ? 'superseded' : 'current',
			fingerprint: memberFingerprint(answer.member),
			...(before && !taken ? { addressBefore: before } : {}),
		};
	}
	const reused = answer.addressOwner !== null && !sameMember(answer.addressOwner, eventMember);
	// A replay whose failed execution n8n has pruned knows the member's id only, not the address.
	const noAddress = addressOf(eventMember) === '';
	let outcome: SyncOutcome = 'member gone';
	if (event === 'member.deleted') outcome = reused ? 'superseded' : 'current';
	const skip = reused
		? 'a member who signed up again holds this address now'
		: noAddress
			? 'Ghost no longer has the member, and the event names no address'
			: undefined;
	return { member: eventMember, event: 'member.deleted', outcome, skip, fingerprint: '' };
}

/**
 * `previous` for the status diff: the webhook's `previous.status` describes the change to the
 * status the webhook carried. When Ghost's status is another one by now (the event is old: a
 * replay, a queued retry), that change is history: Campaign Monitor keeps the last change it has.
 */
export function previousForStatusDiff(
	previous: Member,
	eventMember: Member,
	ghostMember: Member,
): Member {
	if (!('status' in previous) || eventMember.status === ghostMember.status) return previous;
	const rest = { ...previous };
	delete rest.status;
	return rest;
}

/** What the item that was just written says about itself (Member Status Diff's `sync`). */
export interface WrittenSync {
	action: 'upsert' | 'unsubscribe' | 'remove' | 'none';
	fingerprint: string;
}

export type CheckVerdict =
	| { changed: false }
	/** Sync again; `member`: the member to sync next (another id when the address was taken). */
	| { changed: true; reason: string; member?: Member };

/**
 * After the write: is what was written still what Ghost has? For a written member, Ghost's member
 * read again; for a removed address, whoever holds it now (a new signup must not stay removed).
 */
export function checkAfterWrite(
	written: WrittenSync,
	now: { member: Member | null } | { addressOwner: Member | null },
	eventMember: Member,
): CheckVerdict {
	if (written.action === 'none') return { changed: false };
	if ('addressOwner' in now) {
		const owner = now.addressOwner;
		if (owner === null || sameMember(owner, eventMember)) return { changed: false };
		return { changed: true, reason: 'a member signed up again with this address', member: owner };
	}
	if (now.member === null) return { changed: true, reason: 'the member was deleted meanwhile' };
	return memberFingerprint(now.member) === written.fingerprint
		? { changed: false }
		: { changed: true, reason: 'Ghost changed the member meanwhile' };
}

/** Where this execution is with a member whose Campaign Monitor write failed. */
export interface WriteRounds {
	/** The execution the item's passes ran in (n8n's Retry runs a new one). */
	executionId?: string;
	/** Writes that failed in that execution. */
	failedWrites?: number;
}

export type AfterFailedWrite =
	| { next: 'write again'; failedWrites: number; waitMs: number }
	| { next: 'fail'; failedWrites: number }
	| { next: 'fresh' };

/**
 * A write that failed after its own retries comes back to Member Status Diff, which reads Ghost
 * again before each new round: a round never repeats what the failed one held. After `maxRounds`
 * failed writes, or one refusal that will not change (a 4xx), the execution fails there, at the
 * node that reads Ghost, so n8n's Retry of it reads the member again too. An item from another
 * execution (n8n's Retry resumes with the saved input) starts afresh.
 */
export function afterFailedWrite(
	rounds: WriteRounds | undefined,
	executionId: string,
	httpCode: string | null | undefined,
	maxRounds = 3,
): AfterFailedWrite {
	if (rounds?.executionId !== executionId) return { next: 'fresh' };
	const failedWrites = (rounds.failedWrites ?? 0) + 1;
	const status = Number(httpCode);
	const final = status >= 400 && status < 500 && status !== 429;
	if (final || failedWrites >= maxRounds) return { next: 'fail', failedWrites };
	return { next: 'write again', failedWrites, waitMs: 2000 * failedWrites };
}
