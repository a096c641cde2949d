import type { IExecuteFunctions } from 'n8n-workflow';

import { cmApiRequest, cmId } from '../../../transport/campaignMonitor';
import { emailField } from '../../descriptions';
import type { OperationContext } from '../../helpers';
import { emailOf, listIdOf } from '../../helpers';
import { showFor } from '../types';

export const description = showFor('subscriber', 'unsubscribe', [
	emailField('Email address to unsubscribe (a subscriber not in the list counts as done)'),
]);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	context: OperationContext,
) {
	const listId = listIdOf.call(this, itemIndex);
	const email = emailOf.call(this, itemIndex);
	const response = await cmApiRequest.call(
		this,
		{
			method: 'POST',
			path: `/subscribers/${cmId(listId)}/unsubscribe.json`,
			body: { EmailAddress: email },
			limitKey: listId,
			idempotent: true,
			acceptCodes: [203],
			itemIndex,
		},
		context.limits(itemIndex),
	);
	return {
		EmailAddress: email,
		ListID: listId,
		unsubscribed: true,
		wasInList: response.acceptedCode !== 203,
	};
}
