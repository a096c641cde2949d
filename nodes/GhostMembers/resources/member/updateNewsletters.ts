import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { isGhostId } from '../../../shared/ghost/ghostId';
import { ghostAdminRequest, ghostIdPath } from '../../../transport/ghost';

/** Sets the member's newsletters to the given ids, or none (unsubscribe from all). */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const path = ghostIdPath.call(
		this,
		'members',
		this.getNodeParameter('memberId', itemIndex, ''),
		itemIndex,
	);
	const subscription = this.getNodeParameter('subscription', itemIndex) as string;
	const newsletters =
		subscription === 'unsubscribeAll'
			? []
			: String(this.getNodeParameter('newsletterIds', itemIndex, ''))
					.split(',')
					.map((value) => value.trim().toLowerCase())
					.filter(Boolean);
	if (!newsletters.every(isGhostId))
		throw new NodeOperationError(
			this.getNode(),
			'Newsletter ids are 24 hex characters, separated by commas',
			{
				itemIndex,
			},
		);
	const { body } = await ghostAdminRequest.call(this, 'PUT', path, {
		body: { members: [{ newsletters: newsletters.map((id) => ({ id })) }] },
	});
	return (body.members ?? []) as IDataObject[];
}
