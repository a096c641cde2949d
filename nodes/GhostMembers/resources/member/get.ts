import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { readGhostMember } from '../../../transport/ghost';
import { showFor } from '../../../helpers/operations/types';
import { memberIdField } from './fields';

/** How the operation shows in the Operation select. */
export const option = {
	name: 'Get',
	action: 'Get a member',
	description: 'Read one member by ID',
};

export const description = showFor(undefined, 'get', [memberIdField]);

/** One member by id; an unknown id is an error on its item. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const member = await readGhostMember.call(
		this,
		this.getNodeParameter('memberId', itemIndex, ''),
		itemIndex,
	);
	if (!member)
		throw new NodeOperationError(this.getNode(), 'No Ghost member has this id', { itemIndex });
	return [member as IDataObject];
}
