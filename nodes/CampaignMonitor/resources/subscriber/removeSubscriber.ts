import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { listIdOf } from '../../../helpers/campaignMonitorList';
import { removeFromList } from '../../../transport/campaignMonitor';
import { emailOf } from '../../itemEmail';
import type { OperationContext } from '../../operationContext';

/**
 * Unsubscribe or delete the item's address; an address not in the list counts as done.
 */
export async function removeSubscriber(
	this: IExecuteFunctions,
	itemIndex: number,
	context: OperationContext,
	how: 'unsubscribe' | 'delete',
): Promise<IDataObject> {
	const listId = listIdOf.call(this, itemIndex);
	const email = emailOf.call(this, itemIndex);
	const wasInList = await removeFromList.call(this, listId, email, how, {
		itemIndex,
		limits: context.limits(itemIndex),
	});
	return {
		EmailAddress: email,
		ListID: listId,
		[how === 'unsubscribe' ? 'unsubscribed' : 'deleted']: true,
		wasInList,
	};
}
