import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { resubscribeKeepsState } from '../../../domain/sync/listRule';
import {
	addOrUpdateSubscriber,
	getSubscriber,
	updateSubscriber,
} from '../../../transport/campaignMonitor';
import { listIdOf } from '../../../helpers/campaignMonitorList';
import { itemParameter } from '../../../helpers/itemParameter';
import type { OperationContext } from '../../operationContext';
import { emailOf } from '../../itemEmail';
import { mappedCustomFields } from '../../mappedFields';

/** One address added or updated on its own (Add or Update's renames, and its inactive ones). */

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

/** One item of Add or Update, read and fitted, ready to send. */
export interface PreparedUpsert {
	itemIndex: number;
	listId: string;
	email: string;
	previousEmail: string;
	/** The body of `POST /subscribers/{list}.json` (Resubscribe as asked). */
	body: IDataObject;
	result: IDataObject;
}

export async function prepare(
	this: IExecuteFunctions,
	itemIndex: number,
	context: OperationContext,
): Promise<PreparedUpsert> {
	const listId = listIdOf.call(this, itemIndex);
	const email = emailOf.call(this, itemIndex);
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const { fields, issues } = await mappedCustomFields.call(this, itemIndex, listId, context);
	const body: IDataObject = {
		EmailAddress: email,
		...subscriberBody(
			String(itemParameter.call(this, 'name', itemIndex, '') ?? ''),
			options,
			'Yes',
		),
		CustomFields: fields as unknown as IDataObject[],
	};
	const result: IDataObject = {
		EmailAddress: email,
		ListID: listId,
		CustomFields: fields as unknown as IDataObject[],
	};
	if (issues.length) result.fieldIssues = issues as unknown as IDataObject[];
	const previousEmail = String(this.getNodeParameter('previousEmail', itemIndex, '') ?? '').trim();
	return { itemIndex, listId, email, previousEmail, body, result };
}

export const isRename = (p: PreparedUpsert) =>
	p.previousEmail !== '' && p.previousEmail.toLowerCase() !== p.email.toLowerCase();

/** `POST /subscribers/{list}.json`: adds the address or updates it; Resubscribe as given. */
export async function postSubscriber(
	this: IExecuteFunctions,
	p: PreparedUpsert,
	body: IDataObject,
	context: OperationContext,
): Promise<void> {
	const email = await addOrUpdateSubscriber.call(this, p.listId, body, {
		itemIndex: p.itemIndex,
		limits: context.limits(p.itemIndex),
	});
	if (email) p.result.EmailAddress = email;
}

/** A renamed member: the subscriber under the old address takes the new one (never a duplicate). */
export async function renameOrAdd(
	this: IExecuteFunctions,
	p: PreparedUpsert,
	context: OperationContext,
): Promise<IDataObject> {
	const { body, result } = p;
	if (body.Resubscribe) {
		// Resubscribe would revive a Bounced address too: look first (renames are rare).
		const known = await getSubscriber.call(this, p.listId, p.previousEmail, {
			itemIndex: p.itemIndex,
			limits: context.limits(p.itemIndex),
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
	// 203: the old address is not in the list; 201: the new one already is. Either way, add/update Email.
	const refused = await updateSubscriber.call(
		this,
		p.listId,
		p.previousEmail,
		body,
		['not in list', 'address taken'],
		{ itemIndex: p.itemIndex, limits: context.limits(p.itemIndex) },
	);
	if (refused === undefined)
		return { ...result, renamed: true, previousEmailAddress: p.previousEmail };
	result.renamed = false;
	if (refused === 'address taken') result.renameConflict = true;
	await postSubscriber.call(this, p, body, context);
	return result;
}
