import { normaliseFieldKey } from '../campaignMonitor/cmFields';
import type { CmRecord, GhostRecord, PlanEntry, PlanOptions } from './fullSyncPlan';
import { ACTIVITY_GHOST_FIELDS, UNSIGNALLED_GHOST_FIELDS } from './ghostFields';

/**
 * The full sync in flat memory. Campaign Monitor's side is read into a compact digest (per
 * address: its state, whether it came from Ghost, and a 32-bit hash of its name and of each
 * compared field, in typed arrays); Ghost's members then stream through it page by page, each
 * decided at once, so nothing the size of the site is ever held but the digest. The tests hold
 * its decisions to the whole in-memory plan (test/helpers/referencePlan.ts).
 */

const STATES = ['Active', 'Unsubscribed', 'Bounced', 'Deleted', 'Unconfirmed'];
const INACTIVE = new Set(['Unsubscribed', 'Bounced', 'Deleted']);
const CHUNK = 65_536;

/** FNV-1a, 32 bits: a field value as four bytes. */
function hash(value: string): number {
	let h = 0x811c9dc5;
	for (let i = 0; i < value.length; i++) {
		h ^= value.charCodeAt(i);
		h = Math.imul(h, 0x01000193);
	}
	return h >>> 0;
}

const EMPTY = hash('');

/** A string of its own (not a slice of a larger one): `String.prototype` keeps slices as they are. */
function ownCopy(value: string): string {
	return String.fromCharCode(...value.split('').map((unit) => unit.charCodeAt(0)));
}

export class CmDigest {
	private readonly index = new Map<string, number>();
	private readonly states: Uint8Array[] = [];
	private readonly hashes: Uint32Array[] = [];
	/** The few states outside STATES, and addresses whose case differs from their key. */
	private readonly otherStates = new Map<number, string>();
	private readonly emails = new Map<number, string>();
	private count = 0;
	/** Per entry: name, then each compared key. */
	private readonly width: number;
	/** Compared key → its column (1 + its position). */
	private readonly columns: Map<string, number>;
	/** Columns of the fields Ghost changes with no webhook (subscription, activity, signup). */
	private readonly unsignalledColumns: Set<number>;
	/** Columns of the fields that change with reading only (activity, signup). */
	private readonly activityColumns: Set<number>;

	constructor(keys: readonly string[]) {
		this.width = keys.length + 1;
		this.columns = new Map(keys.map((key, i) => [key, i + 1]));
		const columnsOf = (within: readonly string[]) =>
			new Set(keys.flatMap((key, i) => (within.includes(key) ? [i + 1] : [])));
		this.unsignalledColumns = columnsOf(UNSIGNALLED_GHOST_FIELDS);
		this.activityColumns = columnsOf(ACTIVITY_GHOST_FIELDS);
	}

	get size(): number {
		return this.count;
	}

	add(record: CmRecord): void {
		this.addSubscriber(
			record.email,
			record.state,
			record.name,
			Object.entries(record.fields).map(([Key, Value]) => ({ Key, Value })),
		);
	}

	/**
	 * One subscriber as Campaign Monitor lists it (a page entry), hashed straight into the digest:
	 * nothing per subscriber outlives the call but its slot.
	 */
	addSubscriber(
		email: string,
		state: string,
		name: string,
		customFields: ReadonlyArray<{ Key: string; Value: string }> = [],
	): void {
		let key = email.toLowerCase();
		let at = this.index.get(key);
		if (at === undefined) {
			// A string parsed from a page can be a slice that keeps the page's whole JSON text alive
			// (V8 slices substrings of 13+ characters): the digest keeps its own copy of the key.
			key = ownCopy(key);
			at = this.count++;
			this.index.set(key, at);
			if (at % CHUNK === 0) {
				this.states.push(new Uint8Array(CHUNK));
				this.hashes.push(new Uint32Array(CHUNK * this.width));
			}
		}
		const chunk = Math.floor(at / CHUNK);
		const slot = at % CHUNK;
		const base = slot * this.width;
		const hashes = this.hashes[chunk];
		hashes[base] = hash(name);
		for (let i = 1; i < this.width; i++) hashes[base + i] = EMPTY;
		// Bit 7: came from Ghost (it carries ghost_status); the rest: the state.
		let fromGhost = false;
		for (const field of customFields) {
			const fieldKey = normaliseFieldKey(field.Key);
			if (fieldKey === 'ghost_status' && field.Value !== '') fromGhost = true;
			const column = this.columns.get(fieldKey);
			if (column !== undefined) hashes[base + column] = hash(field.Value ?? '');
		}
		const code = STATES.indexOf(state);
		this.states[chunk][slot] = (code < 0 ? 0x7f : code) | (fromGhost ? 0x80 : 0);
		if (code < 0) this.otherStates.set(at, state);
		else this.otherStates.delete(at);
		if (email !== key) this.emails.set(at, ownCopy(email));
	}

	/** How many entries are Active. */
	activeCount(): number {
		let active = 0;
		for (let at = 0; at < this.count; at++) if (this.state(at) === 'Active') active++;
		return active;
	}

	/** Entry numbers in the order the addresses were read. */
	*entries(): Generator<[string, number]> {
		yield* this.index.entries();
	}

	find(email: string): number | undefined {
		return this.index.get(email.toLowerCase());
	}

	state(at: number): string {
		const code = this.states[Math.floor(at / CHUNK)][at % CHUNK] & 0x7f;
		return code === 0x7f ? (this.otherStates.get(at) ?? '') : STATES[code];
	}

	fromGhost(at: number): boolean {
		return (this.states[Math.floor(at / CHUNK)][at % CHUNK] & 0x80) !== 0;
	}

	email(key: string, at: number): string {
		return this.emails.get(at) ?? key;
	}

	/**
	 * Whether a sync would write this address and find no value for the key there: not in the
	 * list (an add), or in it, not opted out, with the key empty.
	 */
	lacks(email: string, key: string): boolean {
		const at = this.find(email);
		if (at === undefined) return true;
		const column = this.columns.get(key);
		if (INACTIVE.has(this.state(at))) return false;
		if (column === undefined) return true;
		return this.hashes[Math.floor(at / CHUNK)][(at % CHUNK) * this.width + column] === EMPTY;
	}

	/**
	 * As the in-memory plan compares: the name when Ghost has one, and each field Ghost writes.
	 * `activity` when only reading fields differ (open rate, last seen, signup), `lifecycle` when
	 * only fields Ghost sends no webhook for differ and a subscription field is among them.
	 */
	differs(at: number, ghost: GhostRecord): 'no' | 'activity' | 'lifecycle' | 'yes' {
		const hashes = this.hashes[Math.floor(at / CHUNK)];
		const base = (at % CHUNK) * this.width;
		if (ghost.subscriber.Name && hash(ghost.subscriber.Name) !== hashes[base]) return 'yes';
		let result: 'no' | 'activity' | 'lifecycle' = 'no';
		for (const field of ghost.subscriber.CustomFields) {
			const column = this.columns.get(field.Key);
			if (column === undefined || hash(field.Value ?? '') === hashes[base + column]) continue;
			if (!this.unsignalledColumns.has(column)) return 'yes';
			if (!this.activityColumns.has(column)) result = 'lifecycle';
			else if (result === 'no') result = 'activity';
		}
		return result;
	}
}

export type MemberDecision =
	| { kind: 'add' | 'unsubscribeInGhost'; ghost: GhostRecord }
	/**
	 * lifecycleOnly: only fields Ghost sends no webhook for differ (renewal, failed payment, open
	 * rate): no delivery was missed.
	 */
	| { kind: 'update'; ghost: GhostRecord; lifecycleOnly: boolean }
	/** ghost: the member Ghost still has (opted out, suppressed), whose fields go in first. */
	| { kind: 'unsubscribe'; email: string; ghost?: GhostRecord }
	| { kind: 'skip'; entry: PlanEntry }
	| { kind: 'unchanged' };

export type RemainderDecision =
	| { kind: 'unsubscribe'; email: string }
	| { kind: 'orphan'; email: string };

/** Decides each Ghost member as it streams by, then what is left on Campaign Monitor's side. */
export class FullSyncPlanner {
	private readonly seen: Uint8Array[] = [];

	constructor(
		private readonly cm: CmDigest,
		private readonly options: PlanOptions = {},
	) {}

	private mark(at: number): boolean {
		const chunk = Math.floor(at / CHUNK);
		while (this.seen.length <= chunk) this.seen.push(new Uint8Array(CHUNK));
		const before = this.seen[chunk][at % CHUNK];
		this.seen[chunk][at % CHUNK] = 1;
		return before === 1;
	}

	private seenAt(at: number): boolean {
		return this.seen[Math.floor(at / CHUNK)]?.[at % CHUNK] === 1;
	}

	/**
	 * Undefined for a member without an address, or one whose address was already decided. Ghost
	 * keeps addresses unique; no set of every address seen is held (it would grow with the site).
	 */
	member(ghost: GhostRecord): MemberDecision | undefined {
		const key = ghost.email.toLowerCase();
		if (!key) return undefined;
		const at = this.cm.find(key);
		if (at === undefined) return ghost.inList ? { kind: 'add', ghost } : { kind: 'unchanged' };
		if (this.mark(at)) return undefined;
		const state = this.cm.state(at);
		if (INACTIVE.has(state)) {
			if (!ghost.inList) return { kind: 'unchanged' };
			if (this.options.campaignMonitorToGhost && ghost.subscribed && state === 'Unsubscribed')
				return { kind: 'unsubscribeInGhost', ghost };
			return {
				kind: 'skip',
				entry: {
					email: ghost.email,
					memberId: ghost.id,
					reason: `${state} in Campaign Monitor: their opt-out is kept`,
				},
			};
		}
		if (!ghost.inList)
			return this.cm.differs(at, ghost) === 'no'
				? { kind: 'unsubscribe', email: ghost.email }
				: { kind: 'unsubscribe', email: ghost.email, ghost };
		const differs = this.cm.differs(at, ghost);
		// The catch-up leaves reading fields alone: the nightly full sync carries them.
		if (differs === 'no' || (differs === 'activity' && this.options.activityWaits))
			return { kind: 'unchanged' };
		return { kind: 'update', ghost, lifecycleOnly: differs !== 'yes' };
	}

	/** Campaign Monitor's active subscribers no Ghost member accounted for. */
	*remainder(): Generator<RemainderDecision> {
		for (const [key, at] of this.cm.entries()) {
			if (this.seenAt(at) || INACTIVE.has(this.cm.state(at))) continue;
			const email = this.cm.email(key, at);
			if (this.cm.fromGhost(at) || this.options.unsubscribeOrphans)
				yield { kind: 'unsubscribe', email };
			else yield { kind: 'orphan', email };
		}
	}
}
