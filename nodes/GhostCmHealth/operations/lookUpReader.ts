import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { readerPage } from '../../domain/health/healthPage';
import { emailField } from '../../helpers/emailField';
import { showFor } from '../../helpers/operations/types';
import { lookUpReader, repairReader } from './reader';

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

/** How the operation shows in the Operation select. */
export const option = {
	name: 'Look Up Reader',
	action: 'Look up a reader',
	description:
		'Why a reader is (not) in Campaign Monitor: both sides, the rule, what waits for them; optionally repair',
};

export const description = showFor(undefined, 'lookUpReader', readerFields);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const email = String(this.getNodeParameter('email', itemIndex, '')).trim();
	let lookup = await lookUpReader.call(this, itemIndex, email);
	let repaired: string | undefined;
	if (this.getNodeParameter('repairNow', itemIndex, false) === true) {
		repaired = await repairReader.call(this, lookup);
		lookup = await lookUpReader.call(this, itemIndex, email);
	}
	const json: IDataObject = { ...lookup.json, ...(repaired ? { repaired } : {}) };
	return { ...json, html: readerPage(json as unknown as Parameters<typeof readerPage>[0]) };
}
