import type { IExecuteFunctions } from 'n8n-workflow';

import type { BatchResult } from '../../helpers/operations/types';
import { showFor } from '../../helpers/operations/types';
import { healthReport } from './report';

/** How the operation shows in the Operation select. */
export const option = {
	name: 'Health Report',
	action: 'Report the health of the site',
	description:
		'Runs, failures, dead letters waiting, the last catch-up and full sync, each webhook and credential, as data and a page',
};

export const description = showFor(undefined, 'healthReport', [
	{
		displayName: 'Repair Delivery Paths',
		name: 'repair',
		type: 'boolean',
		default: false,
		description: 'Whether to register again a missing webhook while looking',
	},
]);

export async function executeBatch(
	this: IExecuteFunctions,
	itemIndexes: number[],
): Promise<BatchResult[]> {
	const json = await healthReport.call(this, this.getNodeParameter('repair', 0, false) === true);
	return [{ itemIndex: itemIndexes[0] ?? 0, json }];
}
