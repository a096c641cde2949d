import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { isGhostId } from '../../../shared/ghost/ghostId';
import { updateGhostMember } from '../../../transport/ghost';

/** Sets the member's newsletters to the given ids, or none (unsubscribe from all). */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const memberId = this.getNodeParameter('memberId', itemIndex, '');
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
	const member = await updateGhostMember.call(
		this,
		memberId,
		{ newsletters: newsletters.map((id) => ({ id })) },
		itemIndex,
	);
	return member ? [member as IDataObject] : [];
}
