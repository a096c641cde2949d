/**
 * The dead-letter table, declared once. Both bundled workflows that create it (dead letters and
 * replay) list exactly these columns, and a test fails when one of them disagrees: n8n's Data
 * Table node creates a table only when none has the name, so whichever workflow runs first
 * decides its columns for good.
 */

export const DEAD_LETTER_TABLE = 'ghost_cm_dead_letters';

export type DeadLetterColumnType = 'string' | 'date' | 'number' | 'boolean';

export const DEAD_LETTER_COLUMNS: ReadonlyArray<{ name: string; type: DeadLetterColumnType }> = [
	{ name: 'executionId', type: 'string' },
	{ name: 'executionUrl', type: 'string' },
	{ name: 'workflowId', type: 'string' },
	{ name: 'workflowName', type: 'string' },
	{ name: 'site', type: 'string' },
	{ name: 'event', type: 'string' },
	{ name: 'memberId', type: 'string' },
	{ name: 'emailRef', type: 'string' },
	{ name: 'error', type: 'string' },
	{ name: 'failedNode', type: 'string' },
	{ name: 'failedAt', type: 'date' },
	{ name: 'status', type: 'string' },
	{ name: 'replayedAt', type: 'date' },
	{ name: 'replayExecutionId', type: 'string' },
];

/**
 * Columns 0.1.0 builds before the keyed email reference created under another name. A table made
 * by such a build keeps its column, and the dead-letter workflow writes the value under the name
 * the table has. Remove in 0.4.0 (upgrades from 0.1.x are supported until then).
 */
export const LEGACY_COLUMN_NAMES: Readonly<Record<string, string>> = {
	emailRef: 'emailSha256',
};

/** `status`: what became of a dead letter. */
export const DEAD_LETTER_STATUSES = {
	/** Recorded, not replayed yet, or its last replay failed too (replayed again next time). */
	pending: 'pending',
	/** Replayed; Ghost still had the member as the failed event described it. */
	replayed: 'replayed',
	/** Replayed; the member had changed since, and Ghost's current member was written. */
	superseded: 'superseded',
	/** Ghost no longer has the member: unsubscribed (or left alone), never added back. */
	memberGone: 'member gone',
} as const;
