import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { ghostAdminRequest, ghostIdPath } from '../../../transport/ghost';

/** One member by id; an unknown id is an error on its item. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const path = ghostIdPath.call(
		this,
		'members',
		this.getNodeParameter('memberId', itemIndex, ''),
		itemIndex,
	);
	const { status, body } = await ghostAdminRequest.call(this, 'GET', path, {
		acceptStatuses: [404],
	});
	if (status === 404)
		throw new NodeOperationError(this.getNode(), 'No Ghost member has this id', { itemIndex });
	return (body.members ?? []) as IDataObject[];
}
