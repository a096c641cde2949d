import type { IExecuteFunctions } from 'n8n-workflow';

import { cmApiRequest, cmId } from '../../../transport/campaignMonitor';
import { emailField } from '../../descriptions';
import type { OperationContext } from '../../helpers';
import { emailOf, listIdOf } from '../../helpers';
import { showFor } from '../types';

export const description = showFor('subscriber', 'delete', [
	emailField(
		'Email address to delete from the list (not suppressed: a later add can bring it back)',
	),
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
			method: 'DELETE',
			path: `/subscribers/${cmId(listId)}.json`,
			qs: { email },
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
		deleted: true,
		wasInList: response.acceptedCode !== 203,
	};
}
