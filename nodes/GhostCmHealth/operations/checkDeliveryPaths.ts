import type { IExecuteFunctions } from 'n8n-workflow';

import { checkDeliveryPaths } from '../../helpers/deliveryPaths';
import type { BatchResult } from '../../helpers/operations/types';
import { showFor } from '../../helpers/operations/types';

/** What the catch-up's alert says: the paths repaired, the deliveries missed, what is wrong. */
function alertOf(
	report: Awaited<ReturnType<typeof checkDeliveryPaths>>,
	repaired: unknown,
	threshold: number,
): string | null {
	const lines = [...report.repairs, ...report.problems];
	if (typeof repaired === 'number' && repaired > threshold)
		lines.push(
			`Catch-up repaired ${repaired} members the live sync missed: Ghost is not delivering member webhooks to n8n.`,
		);
	return lines.length ? lines.join(' ') : null;
}

/** How the operation shows in the Operation select. */
export const option = {
	name: 'Check Delivery Paths',
	action: 'Check and repair the delivery paths',
	description:
		'Ghost’s webhooks to the site sync and the Campaign Monitor list webhook: registered again when missing, turned back on when deactivated',
};

export const description = showFor(undefined, 'checkDeliveryPaths', [
	{
		displayName: 'Repair',
		name: 'repair',
		type: 'boolean',
		default: true,
		description:
			'Whether to register again what is missing (a Ghost webhook, the Campaign Monitor list webhook) and turn back on a deactivated one',
	},
	{
		displayName: 'Missed Deliveries Alert Above',
		name: 'missedThreshold',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 5,
		description:
			'After a catch-up: more repairs than this mean Ghost stopped delivering, and the alert says so. Raise it if your members change in bulk often.',
	},
]);

export async function executeBatch(
	this: IExecuteFunctions,
	itemIndexes: number[],
): Promise<BatchResult[]> {
	const report = await checkDeliveryPaths.call(
		this,
		this.getNodeParameter('repair', 0, true) as boolean,
	);
	const items = this.getInputData();
	const first = items[itemIndexes[0]]?.json ?? {};
	const alert = alertOf(
		report,
		first.repaired,
		this.getNodeParameter('missedThreshold', 0, 5) as number,
	);
	// The input goes on (the catch-up's summary); the first item carries what was found.
	return itemIndexes.map((itemIndex, position) => ({
		itemIndex,
		json:
			position === 0
				? { ...items[itemIndex].json, deliveryPaths: report, alert }
				: items[itemIndex].json,
	}));
}
