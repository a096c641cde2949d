import { DEAD_LETTER_COLUMNS, DEAD_LETTER_TABLE } from '../sync/deadLetters';
import type { JsonObject, WorkflowNode } from './types';

/**
 * In an expression over a failed execution (the dead letters' Failed Execution node's output):
 * the events its trigger put out, whichever trigger started it (a site sync's, Campaign Monitor →
 * Ghost's, or the replay's When Replayed).
 */
export const FAILED_EXECUTION_EVENTS =
	"(($r) => (($r?.['Ghost Member Trigger']?.[0] ?? $r?.['Campaign Monitor Trigger']?.[0] ?? $r?.['When Replayed']?.[0])?.data?.main?.[0] ?? []).map((i) => i.json))($json.data?.resultData?.runData)";

/**
 * The Data Table node that makes the dead-letter table when it is missing: the dead letters and
 * the replay both start with it (whichever runs first creates the table, with these columns).
 */
export function ensureDeadLetterTable(id: string, position: [number, number]): WorkflowNode {
	return {
		id,
		name: 'Ensure Dead Letter Table',
		type: 'n8n-nodes-base.dataTable',
		typeVersion: 1.1,
		position,
		parameters: {
			resource: 'table',
			operation: 'create',
			tableName: DEAD_LETTER_TABLE,
			columns: { column: DEAD_LETTER_COLUMNS.map((column) => ({ ...column })) },
			options: { createIfNotExists: true },
		},
		retryOnFail: true,
		maxTries: 3,
		waitBetweenTries: 1000,
	};
}

/** A Data Table node's row operation on the dead-letter table (found by its name). */
export function deadLetterRows(
	node: Pick<WorkflowNode, 'id' | 'name' | 'position' | 'notes' | 'alwaysOutputData'>,
	parameters: JsonObject,
): WorkflowNode {
	return {
		...node,
		type: 'n8n-nodes-base.dataTable',
		typeVersion: 1.1,
		parameters: {
			resource: 'row',
			...parameters,
			dataTableId: { __rl: true, mode: 'name', value: DEAD_LETTER_TABLE },
		},
	};
}
