import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { updateSubscriber } from '../../../transport/campaignMonitor';
import { emailField } from '../../../helpers/emailField';
import { clearWhenEmptyOption, customFieldsMapper } from '../../descriptions';
import type { OperationContext } from '../../operationContext';
import { mappedCustomFields } from '../../mappedFields';
import { removeSubscriber } from './removeSubscriber';
import { showFor } from '../types';
import type { Classify } from '../types';

/** How the operation shows in the Operation select. */
export const option = {
	name: 'Unsubscribe',
	action: 'Unsubscribe a subscriber',
	description: 'Unsubscribe an address from the list',
};

export const description = showFor('subscriber', 'unsubscribe', [
	emailField('Email address to unsubscribe (a subscriber not in the list counts as done)'),
	{
		...customFieldsMapper,
		description:
			'Written to the subscriber after the unsubscribe, so segments agree with the state (e.g. ghost_email_enabled = false). Never resubscribes anyone; an address not in the list gets nothing.',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [clearWhenEmptyOption],
	},
]);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	context: OperationContext,
) {
	const result = await removeSubscriber.call(this, itemIndex, context, 'unsubscribe');
	if (!result.wasInList) return result;
	const listId = String(result.ListID);
	const { fields, issues } = await mappedCustomFields.call(this, itemIndex, listId, context);
	if (fields.length === 0) return result;
	// The opt-out first, then the fields: an update of the existing subscriber (never an add),
	// Resubscribe off, so the unsubscribe stands. 203: gone meanwhile, nothing to update.
	const email = String(result.EmailAddress);
	const refused = await updateSubscriber.call(
		this,
		listId,
		email,
		{
			EmailAddress: email,
			CustomFields: fields as unknown as IDataObject[],
			ConsentToTrack: 'Unchanged',
			Resubscribe: false,
		},
		['not in list'],
		{ itemIndex, limits: context.limits(itemIndex) },
	);
	const json: IDataObject = {
		...result,
		CustomFields: fields as unknown as IDataObject[],
		fieldsUpdated: refused === undefined,
	};
	if (issues.length) json.fieldIssues = issues as unknown as IDataObject[];
	return json;
}

/** An address that was not in the list is left as it is. */
export const classify: Classify = (json) => (json.wasInList === false ? 'unchanged' : 'written');
