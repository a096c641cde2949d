import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { getSubscriber } from '../../../transport/campaignMonitor';
import { emailField } from '../../../helpers/emailField';
import type { OperationContext } from '../../operationContext';
import { emailOf } from '../../itemEmail';
import { listIdOf } from '../../../helpers/campaignMonitorList';
import { showFor } from '../types';

/** How the operation shows in the Operation select. */
export const option = {
	name: 'Get',
	action: 'Get a subscriber',
	description: 'Read a subscriber, with its state and custom fields',
};

export const description = showFor('subscriber', 'get', [
	emailField('Email address of the subscriber to read'),
]);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	context: OperationContext,
) {
	const listId = listIdOf.call(this, itemIndex);
	const email = emailOf.call(this, itemIndex);
	const response = await getSubscriber.call(this, listId, email, {
		itemIndex,
		limits: context.limits(itemIndex),
	});
	// 203: not in the list. An answer, not a failure: the workflow can branch on `found`.
	if (response.acceptedCode === 203)
		return { EmailAddress: email, ListID: listId, found: false, State: null };
	return { ...(response.body as IDataObject), ListID: listId, found: true };
}
