import type { IExecuteFunctions } from 'n8n-workflow';

import { emailField } from '../../descriptions';
import type { OperationContext } from '../../helpers';
import { removeSubscriber } from '../../helpers';
import { showFor } from '../types';

export const description = showFor('subscriber', 'unsubscribe', [
	emailField('Email address to unsubscribe (a subscriber not in the list counts as done)'),
]);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	context: OperationContext,
) {
	return await removeSubscriber.call(this, itemIndex, context, 'unsubscribe');
}
