import type { IExecuteFunctions } from 'n8n-workflow';

import { emailField } from '../../../helpers/emailField';
import type { OperationContext } from '../../operationContext';
import { removeSubscriber } from './removeSubscriber';
import { showFor } from '../types';
import type { Classify } from '../types';

/** How the operation shows in the Operation select. */
export const option = {
	name: 'Delete',
	action: 'Delete a subscriber',
	description: 'Move a subscriber to Deleted (GDPR erasure is done in Campaign Monitor)',
};

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
	return await removeSubscriber.call(this, itemIndex, context, 'delete');
}

/** An address that was not in the list is left as it is. */
export const classify: Classify = (json) => (json.wasInList === false ? 'unchanged' : 'written');
