import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { updateSubscriber } from '../../../transport/campaignMonitor';
import { emailField } from '../../../helpers/emailField';
import { subscriberDetailFields } from '../../descriptions';
import type { OperationContext } from '../../operationContext';
import { emailOf } from '../../itemEmail';
import { mappedCustomFields } from '../../mappedFields';
import { listIdOf } from '../../../helpers/campaignMonitorList';
import { showFor } from '../types';
import type { Classify } from '../types';
import { subscriberBody } from './upsert';

/** How the operation shows in the Operation select. */
export const option = {
	name: 'Update',
	action: 'Update a subscriber',
	description: 'Update an existing subscriber, including renaming its email address',
};

export const description = showFor('subscriber', 'update', [
	emailField('The address the subscriber has in Campaign Monitor now'),
	{
		displayName: 'New Email',
		name: 'newEmail',
		type: 'string',
		placeholder: 'name@email.com',
		default: '',
		description: 'Renames the subscriber (history and state are kept). Empty keeps the address.',
	},
	...subscriberDetailFields('Unchanged'),
]);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	context: OperationContext,
) {
	const listId = listIdOf.call(this, itemIndex);
	const email = emailOf.call(this, itemIndex);
	const newEmailRaw = String(this.getNodeParameter('newEmail', itemIndex, '') ?? '').trim();
	const newEmail = newEmailRaw ? emailOf.call(this, itemIndex, 'newEmail') : email;
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const { fields, issues } = await mappedCustomFields.call(this, itemIndex, listId, context);
	// PUT ?email=<current> with the new address in the body renames; it never creates.
	await updateSubscriber.call(
		this,
		listId,
		email,
		{
			EmailAddress: newEmail,
			...subscriberBody(String(this.getNodeParameter('name', itemIndex, '')), options, 'Unchanged'),
			CustomFields: fields as unknown as IDataObject[],
		},
		[],
		{ itemIndex, limits: context.limits(itemIndex) },
	);
	const renamed = newEmail.toLowerCase() !== email.toLowerCase();
	const result: IDataObject = {
		EmailAddress: newEmail,
		ListID: listId,
		renamed,
		CustomFields: fields as unknown as IDataObject[],
	};
	if (renamed) result.previousEmailAddress = email;
	if (issues.length) result.fieldIssues = issues as unknown as IDataObject[];
	return result;
}

/** Every result is a write. */
export const classify: Classify = () => 'written';
