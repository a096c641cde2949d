import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { cmApiRequest, cmId } from '../../../transport/campaignMonitor';
import { emailField, subscriberDetailFields } from '../../descriptions';
import type { OperationContext } from '../../helpers';
import { customFieldsFor, emailOf, listIdOf } from '../../helpers';
import { showFor } from '../types';

export const description = showFor('subscriber', 'add', [
	emailField('Email address of the subscriber; an existing subscriber is updated'),
	...subscriberDetailFields('Yes'),
]);

/** Subscriber fields shared by add and update: name only when given, consent always. */
export function subscriberBody(
	name: string,
	options: IDataObject,
	consentDefault: string,
): IDataObject {
	const body: IDataObject = {
		ConsentToTrack: (options.consentToTrack as string) || consentDefault,
		Resubscribe: options.resubscribe === true,
		RestartSubscriptionBasedAutoresponders: options.restartSubscriptionBasedAutoresponders === true,
	};
	if (name.trim()) body.Name = name.trim();
	if (typeof options.mobileNumber === 'string' && options.mobileNumber.trim())
		body.MobileNumber = options.mobileNumber.trim();
	return body;
}

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	context: OperationContext,
) {
	const listId = listIdOf.call(this, itemIndex);
	const email = emailOf.call(this, itemIndex);
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const { fields, issues } = await customFieldsFor.call(
		this,
		itemIndex,
		listId,
		context,
		options.clearEmptyFields === true,
	);
	const body = {
		EmailAddress: email,
		...subscriberBody(String(this.getNodeParameter('name', itemIndex, '')), options, 'Yes'),
		CustomFields: fields,
	};
	const response = await cmApiRequest.call(
		this,
		{
			method: 'POST',
			path: `/subscribers/${cmId(listId)}.json`,
			body,
			limitKey: listId,
			idempotent: true,
			itemIndex,
		},
		context.limits(itemIndex),
	);
	const result: IDataObject = {
		EmailAddress: typeof response.body === 'string' ? response.body : email,
		ListID: listId,
		CustomFields: fields as unknown as IDataObject[],
	};
	if (issues.length) result.fieldIssues = issues as unknown as IDataObject[];
	return result;
}
