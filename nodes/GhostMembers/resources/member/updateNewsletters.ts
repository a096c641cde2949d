import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { isGhostId } from '../../../domain/ghost/ghostId';
import { updateGhostMember } from '../../../transport/ghost';
import { showFor } from '../../../helpers/operations/types';
import { memberIdField } from './fields';

/** How the operation shows in the Operation select. */
export const option = {
	name: 'Update Newsletters',
	action: 'Update the newsletters of a member',
	description: 'Unsubscribe a member from all newsletters, or set them',
};

export const description = showFor(undefined, 'updateNewsletters', [
	memberIdField,
	{
		displayName: 'Subscription',
		name: 'subscription',
		type: 'options',
		options: [
			{ name: 'Unsubscribe From All Newsletters', value: 'unsubscribeAll' },
			{ name: 'Set Newsletters', value: 'set' },
		],
		default: 'unsubscribeAll',
	},
	{
		displayName: 'Newsletter IDs',
		name: 'newsletterIds',
		type: 'string',
		default: '',
		description: 'Comma-separated IDs of the newsletters the member gets',
		displayOptions: { show: { subscription: ['set'] } },
	},
]);

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
