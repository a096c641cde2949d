import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { importBatches } from '../../../domain/campaignMonitor/cmIds';
import { resubscribeKeepsState } from '../../../domain/sync/listRule';
import {
	addOrUpdateSubscriber,
	getSubscriber,
	importSubscribers,
	throwCmApiError,
	updateSubscriber,
} from '../../../transport/campaignMonitor';
import { emailField } from '../../../helpers/emailField';
import { subscriberDetailFields } from '../../descriptions';
import type { OperationContext } from '../../operationContext';
import { emailOf } from '../../itemEmail';
import { mappedCustomFields } from '../../mappedFields';
import { listIdOf } from '../../../helpers/campaignMonitorList';
import { itemParameter } from '../../../helpers/itemParameter';
import type { ItemOutcome, Classify } from '../types';
import { showFor } from '../types';
import { INACTIVE_STATE_CODES } from '../../../domain/campaignMonitor/cmErrors';

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

/** One item of Add or Update, read and fitted, ready to send. */
interface PreparedUpsert {
	itemIndex: number;
	listId: string;
	email: string;
	previousEmail: string;
	/** The body of `POST /subscribers/{list}.json` (Resubscribe as asked). */
	body: IDataObject;
	result: IDataObject;
}

async function prepare(
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

const isRename = (p: PreparedUpsert) =>
	p.previousEmail !== '' && p.previousEmail.toLowerCase() !== p.email.toLowerCase();

/** `POST /subscribers/{list}.json`: adds the address or updates it; Resubscribe as given. */
async function postSubscriber(
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
async function renameOrAdd(
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

/**
 * Everything but renames, in one import call per 1000 addresses (Resubscribe off, autoresponders
 * queued as an add queues them): one call for a whole batch of events, and one call for a new
 * signup. Only an address the import reports inactive costs a second call: a fresh opt-in
 * resubscribes it (never a Bounced one), any other update changes its details and keeps its opt-out.
 */
async function importUpserts(
	this: IExecuteFunctions,
	prepared: PreparedUpsert[],
	context: OperationContext,
): Promise<ItemOutcome[]> {
	const outcomes: ItemOutcome[] = [];
	const groups = new Map<string, PreparedUpsert[]>();
	for (const p of prepared) {
		const key = `${p.listId}|${p.body.RestartSubscriptionBasedAutoresponders === true}`;
		groups.set(key, [...(groups.get(key) ?? []), p]);
	}
	for (const group of groups.values()) {
		// The same member twice in one batch: the later item is the newer; both get its outcome.
		const latest = new Map<string, PreparedUpsert>();
		for (const p of group) latest.set(p.email.toLowerCase(), p);
		const first = group[0];
		// Every item of the group with this address gets the outcome (a member twice in a batch).
		const answer = (p: PreparedUpsert, outcome: { json: IDataObject } | { error: unknown }) => {
			for (const same of group)
				if (same.email.toLowerCase() === p.email.toLowerCase())
					outcomes.push({ itemIndex: same.itemIndex, ...outcome });
		};
		for (const chunk of importBatches([...latest.values()])) {
			let data: Awaited<ReturnType<typeof importSubscribers>>;
			try {
				data = await importSubscribers.call(
					this,
					first.listId,
					chunk.map(({ body }) => {
						const entry = { ...body };
						delete entry.Resubscribe;
						delete entry.RestartSubscriptionBasedAutoresponders;
						return entry;
					}),
					{
						resubscribe: false,
						queueSubscriptionBasedAutoresponders: true,
						restartSubscriptionBasedAutoresponders:
							first.body.RestartSubscriptionBasedAutoresponders === true,
					},
					{ itemIndex: first.itemIndex, limits: context.limits(first.itemIndex) },
				);
			} catch (error) {
				// The import failed as a whole: its items fail; the items already written stay reported.
				for (const p of chunk) answer(p, { error });
				continue;
			}
			const failures = new Map(
				(data.FailureDetails ?? []).map((f) => [String(f.EmailAddress).trim().toLowerCase(), f]),
			);
			for (const p of chunk) {
				const failure = failures.get(p.email.toLowerCase());
				try {
					if (failure && INACTIVE_STATE_CODES[failure.Code]) {
						const state = INACTIVE_STATE_CODES[failure.Code];
						const revive = p.body.Resubscribe === true && !resubscribeKeepsState(state);
						if (p.body.Resubscribe === true && !revive) p.result.resubscribeSkipped = state;
						await postSubscriber.call(this, p, { ...p.body, Resubscribe: revive }, context);
					} else if (failure) {
						throwCmApiError.call(this, 400, failure, '', p.itemIndex);
					}
				} catch (error) {
					answer(p, { error });
					continue;
				}
				answer(p, { json: { ...p.result } });
			}
		}
	}
	return outcomes;
}

/** Add or Update for every input item: renames one by one, everything else imported together. */
export async function executeItems(
	this: IExecuteFunctions,
	itemIndexes: number[],
	context: OperationContext,
): Promise<ItemOutcome[]> {
	const outcomes: ItemOutcome[] = [];
	const upserts: PreparedUpsert[] = [];
	for (const itemIndex of itemIndexes) {
		try {
			const p = await prepare.call(this, itemIndex, context);
			if (isRename(p)) outcomes.push({ itemIndex, json: await renameOrAdd.call(this, p, context) });
			else upserts.push(p);
		} catch (error) {
			outcomes.push({ itemIndex, error });
		}
	}
	if (upserts.length) outcomes.push(...(await importUpserts.call(this, upserts, context)));
	return outcomes;
}

/** Every result is a write. */
export const classify: Classify = () => 'written';
