/**
 * Member status diff: did the member's status (free, paid, comped, or anything Ghost adds)
 * change, from what, and since when.
 *
 * Sources, in order: the webhook's `previous.status` (Ghost sends it whenever the status
 * changed), then the state kept in workflow static data, then the value stored in Campaign
 * Monitor (optional lookup). A member seen for the first time is "unchanged".
 *
 * State is compact (member id → [status, changed-at seconds, status before that change]),
 * bounded (oldest written first out), one map per site, and forgets deleted members. Its maps
 * have no prototype, so ids and site names such as `__proto__`, `constructor` or `toString` are
 * plain keys. Past the cap, the oldest tenth is evicted in one pass, so eviction costs a constant
 * amount per event on average instead of a walk of the whole map on every event. It keeps
 * the *last change* rather than only the current status, so a later event re-emits that change:
 * if the Campaign Monitor write of the change failed after static data was saved (n8n saves it
 * even for failed executions), the next event for the member writes it again.
 */

/** [status, status changed at (unix seconds, 0 = unknown), status before that change ('' = unknown)] */
export type MemberStatusRecord = [string, number, string];

export interface SiteStatusState {
	/** Member id → record, in write order (oldest first). */
	m: Record<string, MemberStatusRecord>;
	/** Number of entries in `m`, so the cap check does not walk the map. */
	n: number;
}

export interface StatusDiffState {
	v: 1;
	sites: Record<string, SiteStatusState>;
}

export const DEFAULT_MAX_MEMBERS = 50_000;
/** Static data lives in the workflow row: more than this many members per site would bloat it. */
export const MAX_MAX_MEMBERS = 1_000_000;

/** The *Max Remembered Members* option as a usable cap: a whole number from 1 up, else the default. */
export function normaliseMaxMembers(value: unknown): number {
	const n = Number(value);
	if (!Number.isFinite(n) || n < 1) return DEFAULT_MAX_MEMBERS;
	return Math.min(Math.floor(n), MAX_MAX_MEMBERS);
}

function has(map: object, key: string): boolean {
	return Object.prototype.hasOwnProperty.call(map, key);
}

/** Detaches a map loaded from JSON from Object.prototype, in place (no copy of its entries). */
function prototypeFree(map: object): void {
	if (Object.getPrototypeOf(map) !== null) Object.setPrototypeOf(map, null);
}

export type StatusSource = 'payload' | 'state' | 'campaignMonitor' | 'none';

export interface StatusDiffInput {
	event: string;
	site: string;
	memberId: string;
	/** Current status (for member.deleted: the status the member had). */
	status: string | undefined;
	/** `previous` from the webhook: only changed keys on member.edited. */
	previous: Record<string, unknown>;
	/** When the event was received (ISO string or Date). */
	receivedAt: string | Date;
	/** ghost_status as stored in Campaign Monitor, when looked up. */
	campaignMonitorStatus?: string;
}

export interface StatusDiffResult {
	status: string | null;
	statusChanged: boolean;
	/** Status before the last known change (this event's, when statusChanged). */
	previousStatus: string | null;
	/** When the last known change happened (ISO), or null when unknown. */
	statusChangedAt: string | null;
	statusSource: StatusSource;
}

export function emptyState(): StatusDiffState {
	return { v: 1, sites: Object.create(null) };
}

/**
 * Accepts whatever static data holds (possibly nothing, possibly an older shape, possibly keys
 * that would be special on a plain object). Its maps lose their prototype in place (JSON already
 * made `__proto__` an own key), so loading costs one step per site, not per member; a count that
 * cannot be right is taken again.
 */
export function ensureState(data: Record<string, unknown>): StatusDiffState {
	if (data.v !== 1 || typeof data.sites !== 'object' || data.sites === null) {
		for (const key of Object.keys(data)) delete data[key];
		Object.assign(data, emptyState());
	}
	const sites = data.sites as Record<string, SiteStatusState>;
	prototypeFree(sites);
	for (const key of Object.keys(sites)) {
		const site = sites[key];
		if (typeof site?.m !== 'object' || site.m === null) {
			sites[key] = { m: Object.create(null), n: 0 };
			continue;
		}
		prototypeFree(site.m);
		if (!Number.isInteger(site.n) || site.n < 0) site.n = Object.keys(site.m).length;
	}
	return data as unknown as StatusDiffState;
}

function siteState(state: StatusDiffState, site: string): SiteStatusState {
	const key = site || 'default';
	if (!has(state.sites, key)) state.sites[key] = { m: Object.create(null), n: 0 };
	return state.sites[key];
}

function seconds(value: string | Date): number {
	const ms = value instanceof Date ? value.getTime() : Date.parse(value);
	return Number.isFinite(ms) ? Math.floor(ms / 1000) : 0;
}

function iso(secondsValue: number): string | null {
	return secondsValue > 0 ? new Date(secondsValue * 1000).toISOString() : null;
}

function write(
	site: SiteStatusState,
	memberId: string,
	record: MemberStatusRecord,
	maxMembers: number,
) {
	// Delete first so the entry moves to the end: key order is write order, oldest first.
	if (has(site.m, memberId)) delete site.m[memberId];
	else site.n++;
	site.m[memberId] = record;
	const cap = normaliseMaxMembers(maxMembers);
	if (site.n > cap) {
		// Down to 90 % of the cap in one pass: the walk over the keys is paid once per tenth of the cap.
		const keep = cap - Math.max(1, Math.floor(cap / 10));
		for (const oldest in site.m) {
			if (site.n <= keep) break;
			delete site.m[oldest];
			site.n--;
		}
	}
}

function forget(site: SiteStatusState, memberId: string) {
	if (has(site.m, memberId)) {
		delete site.m[memberId];
		site.n--;
	}
}

/** Whether the payload and the state both lack the status before this event (a CM lookup may help). */
export function previousStatusUnknown(
	state: StatusDiffState,
	input: Pick<StatusDiffInput, 'site' | 'memberId' | 'previous'>,
): boolean {
	if (typeof input.previous.status === 'string' && input.previous.status) return false;
	const key = input.site || 'default';
	return !(has(state.sites, key) && has(state.sites[key].m, input.memberId));
}

/** Decides the status change for one event and updates the state in place. */
export function diffMemberStatus(
	state: StatusDiffState,
	input: StatusDiffInput,
	maxMembers: number = DEFAULT_MAX_MEMBERS,
): StatusDiffResult {
	const site = siteState(state, input.site);
	const known = has(site.m, input.memberId) ? site.m[input.memberId] : undefined;
	const current = typeof input.status === 'string' && input.status ? input.status : null;
	const now = seconds(input.receivedAt);

	if (input.event === 'member.deleted') {
		forget(site, input.memberId);
		return {
			status: current,
			statusChanged: false,
			previousStatus: known?.[2] || null,
			statusChangedAt: iso(known?.[1] ?? 0),
			statusSource: known ? 'state' : 'none',
		};
	}

	let before: string | null = null;
	let source: StatusSource = 'none';
	if (typeof input.previous.status === 'string' && input.previous.status) {
		before = input.previous.status;
		source = 'payload';
	} else if (known) {
		before = known[0];
		source = 'state';
	} else if (input.campaignMonitorStatus) {
		before = input.campaignMonitorStatus;
		source = 'campaignMonitor';
	}

	const statusChanged = current !== null && before !== null && before !== current;
	let record: MemberStatusRecord;
	if (statusChanged) record = [current as string, now, before as string];
	else if (known && known[0] === current) record = known;
	else record = [current ?? '', 0, ''];
	if (current !== null) write(site, input.memberId, record, maxMembers);

	return {
		status: current,
		statusChanged,
		previousStatus: record[2] || null,
		statusChangedAt: iso(record[1]),
		statusSource: source,
	};
}
