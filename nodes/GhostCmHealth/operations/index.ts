import type { IDataObject, INodeProperties } from 'n8n-workflow';

import type { BatchOperation, ItemOperation, OperationMap } from '../../helpers/operations/types';
import { showFor } from '../../helpers/operations/types';
import { readerPage } from '../../domain/health/healthPage';
import { checkDeliveryPaths } from '../../helpers/deliveryPaths';
import { emailField } from '../../helpers/emailField';
import { healthReport } from './report';
import { lookUpReader, repairReader } from './reader';

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

const checkPaths: BatchOperation<void> = {
	description: showFor(undefined, 'checkDeliveryPaths', [
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
	]),
	async executeBatch(itemIndexes) {
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
	},
};

const readerFields: INodeProperties[] = [
	emailField('The reader’s address. It is not kept anywhere by this node.'),
	{
		displayName: 'Repair Now',
		name: 'repairNow',
		type: 'boolean',
		default: false,
		description:
			'Whether to write the reader to Campaign Monitor as Ghost has them now, by the sync’s own rule, before answering',
	},
];

const lookUp: ItemOperation<void> = {
	description: showFor(undefined, 'lookUpReader', readerFields),
	async execute(itemIndex) {
		const email = String(this.getNodeParameter('email', itemIndex, '')).trim();
		let lookup = await lookUpReader.call(this, itemIndex, email);
		let repaired: string | undefined;
		if (this.getNodeParameter('repairNow', itemIndex, false) === true) {
			repaired = await repairReader.call(this, lookup);
			lookup = await lookUpReader.call(this, itemIndex, email);
		}
		const json: IDataObject = { ...lookup.json, ...(repaired ? { repaired } : {}) };
		return { ...json, html: readerPage(json as unknown as Parameters<typeof readerPage>[0]) };
	},
};

const report: BatchOperation<void> = {
	description: showFor(undefined, 'healthReport', [
		{
			displayName: 'Repair Delivery Paths',
			name: 'repair',
			type: 'boolean',
			default: false,
			description: 'Whether to register again a missing webhook while looking',
		},
	]),
	async executeBatch(itemIndexes) {
		const json = await healthReport.call(this, this.getNodeParameter('repair', 0, false) === true);
		return [{ itemIndex: itemIndexes[0] ?? 0, json }];
	},
};

export const healthOperations: OperationMap<void> = {
	site: { checkDeliveryPaths: checkPaths, lookUpReader: lookUp, healthReport: report },
};

export const healthOperationField: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	options: [
		{
			name: 'Check Delivery Paths',
			value: 'checkDeliveryPaths',
			action: 'Check and repair the delivery paths',
			description:
				'Ghost’s webhooks to the site sync and the Campaign Monitor list webhook: registered again when missing, turned back on when deactivated',
		},
		{
			name: 'Health Report',
			value: 'healthReport',
			action: 'Report the health of the site',
			description:
				'Runs, failures, dead letters waiting, the last catch-up and full sync, each webhook and credential, as data and a page',
		},
		{
			name: 'Look Up Reader',
			value: 'lookUpReader',
			action: 'Look up a reader',
			description:
				'Why a reader is (not) in Campaign Monitor: both sides, the rule, what waits for them; optionally repair',
		},
	],
	default: 'healthReport',
};
