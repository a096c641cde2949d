/**
 * Member status diff: did the member's status (free, paid, comped, or anything Ghost adds)
 * change, from what, and since when.
 *
 * Nothing is remembered between executions: a per-member history in workflow static data grew
 * with the site (saved whole on every execution) and was lost to concurrent executions and in
 * queue mode. The sources instead, in order:
 * - the webhook's `previous.status`: Ghost sends it whenever its member model changed the status
 *   (a comp, a Stripe subscription starting or ending);
 * - the value stored in Campaign Monitor (the optional lookup): its ghost_status, and, when that
 *   equals the current status, the ghost_previous_status and ghost_status_changed_at it holds.
 * Without either, the status is "unchanged" and the change fields are left out of the write, so
 * Campaign Monitor keeps the last change it was given.
 */

export type StatusSource = 'payload' | 'campaignMonitor' | 'none';

/** What Campaign Monitor holds for the member, when looked up. */
export interface StoredStatus {
	status?: string;
	previousStatus?: string;
	/** As Campaign Monitor stores dates (YYYY-MM-DD) or ISO. */
	statusChangedAt?: string;
}

export interface StatusDiffInput {
	event: string;
	/** Current status (for member.deleted: the status the member had). */
	status: string | undefined;
	/** `previous` from the webhook: only changed keys on member.edited. */
	previous: Record<string, unknown>;
	/** When the event was received (ISO string or Date). */
	receivedAt: string | Date;
	/** What Campaign Monitor holds for the member, when looked up. */
	campaignMonitor?: StoredStatus;
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

function text(value: unknown): string | null {
	return typeof value === 'string' && value ? value : null;
}

function isoOf(value: string | Date | undefined): string | null {
	if (value === undefined) return null;
	const ms = value instanceof Date ? value.getTime() : Date.parse(value);
	return Number.isFinite(ms) ? new Date(ms).toISOString() : null;
}

/** Whether the payload lacks the status before this event (a Campaign Monitor lookup may help). */
export function previousStatusUnknown(input: Pick<StatusDiffInput, 'event' | 'previous'>): boolean {
	return input.event !== 'member.deleted' && text(input.previous.status) === null;
}

/** Decides the status change for one event, from the event and what Campaign Monitor holds. */
export function diffMemberStatus(input: StatusDiffInput): StatusDiffResult {
	const current = text(input.status);
	const stored = input.campaignMonitor;
	const none: StatusDiffResult = {
		status: current,
		statusChanged: false,
		previousStatus: null,
		statusChangedAt: null,
		statusSource: 'none',
	};
	if (input.event === 'member.deleted') return none;

	const fromPayload = text(input.previous.status);
	const before = fromPayload ?? text(stored?.status);
	if (before === null) return none;
	const statusSource: StatusSource = fromPayload !== null ? 'payload' : 'campaignMonitor';
	if (current !== null && before !== current)
		return {
			status: current,
			statusChanged: true,
			previousStatus: before,
			statusChangedAt: isoOf(input.receivedAt) ?? new Date().toISOString(),
			statusSource,
		};
	// Unchanged: the last change Campaign Monitor holds stays as it is.
	const keeps = stored !== undefined && text(stored.status) === current;
	return {
		...none,
		previousStatus: keeps ? text(stored.previousStatus) : null,
		statusChangedAt: keeps ? isoOf(stored.statusChangedAt) : null,
		statusSource,
	};
}
