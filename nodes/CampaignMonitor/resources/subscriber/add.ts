import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { resubscribeKeepsState } from '../../../shared/listRule';
import { cmApiRequest, cmId, getSubscriber } from '../../../transport/campaignMonitor';
import { emailField, subscriberDetailFields } from '../../descriptions';
import type { OperationContext } from '../../helpers';
import { clearEmptySetting, customFieldsFor, emailOf } from '../../helpers';
import { listIdOf } from '../../../common/campaignMonitorList';
import { showFor } from '../types';

export const description = showFor('subscriber', 'add', [
	emailField('Email address of the subscriber; an existing subscriber is updated'),
	{
		displayName: 'Previous Email',
		name: 'previousEmail',
		type: 'string',
		placeholder: 'old@email.com',
		default: '',
		description:
			"When the address changed (Ghost's previous.email): the subscriber under this address is renamed to Email, so no duplicate appears. If it is not in the list, Email is added.",
	},
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
		clearEmptySetting(options),
	);
	const body: IDataObject = {
		EmailAddress: email,
		...subscriberBody(String(this.getNodeParameter('name', itemIndex, '')), options, 'Yes'),
		CustomFields: fields as unknown as IDataObject[],
	};
	const result: IDataObject = {
		EmailAddress: email,
		ListID: listId,
		CustomFields: fields as unknown as IDataObject[],
	};
	if (issues.length) result.fieldIssues = issues as unknown as IDataObject[];

	const previousEmail = String(this.getNodeParameter('previousEmail', itemIndex, '') ?? '').trim();
	if (body.Resubscribe) {
		// Resubscribe would revive a Bounced address too: look first (only on opt-ins, so rare).
		const known = await getSubscriber.call(this, listId, previousEmail || email, {
			itemIndex,
			limits: context.limits(itemIndex),
		});
		const state = (known.body as { State?: unknown } | undefined)?.State;
		if (
			known.acceptedCode === undefined &&
			typeof state === 'string' &&
			resubscribeKeepsState(state)
		) {
			body.Resubscribe = false;
			result.resubscribeSkipped = state;
		}
	}
	if (previousEmail && previousEmail.toLowerCase() !== email.toLowerCase()) {
		// 203: the old address is not in the list; 201: the new one already is. Either way, add/update Email.
		const renamed = await cmApiRequest.call(
			this,
			{
				method: 'PUT',
				path: `/subscribers/${cmId(listId)}.json`,
				qs: { email: previousEmail },
				body,
				limitKey: listId,
				idempotent: true,
				acceptCodes: [201, 203],
				itemIndex,
			},
			context.limits(itemIndex),
		);
		if (renamed.acceptedCode === undefined)
			return { ...result, renamed: true, previousEmailAddress: previousEmail };
		result.renamed = false;
		if (renamed.acceptedCode === 201) result.renameConflict = true;
	}

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
	if (typeof response.body === 'string') result.EmailAddress = response.body;
	return result;
}
