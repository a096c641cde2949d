import type { INode } from 'n8n-workflow';
import { DATA_TABLE_NODE_TYPE, NodeOperationError } from 'n8n-workflow';

/** What the package says on n8n 1.x, before anything half-works there. */
export const NEEDS_N8N_TWO =
	'This package needs n8n 2.0 or later: its dead-letter and replay workflows keep failed syncs in n8n 2’s Data Tables';

/**
 * n8n 2 or later. The bundled dead-letter pair creates and reads a Data Table (n8n 2's Data
 * Table node); n8n 1.123, the last 1.x, has only rows in a table made by hand, so a failed sync
 * would be lost there. n8n-workflow names the Data Table node type from 2.0 on (1.120, n8n
 * 1.123's, does not export it): a node has no other way to learn which n8n runs it.
 */
export function isN8nTwoOrLater(): boolean {
	return typeof DATA_TABLE_NODE_TYPE === 'string';
}

/** Stops publishing (or a run) on n8n 1.x with a reason the user can act on. */
export function assertN8nTwoOrLater(node: INode): void {
	if (isN8nTwoOrLater()) return;
	throw new NodeOperationError(node, NEEDS_N8N_TWO, {
		description:
			'Update n8n to 2.x (the README lists the versions tested), then publish this workflow again',
	});
}
