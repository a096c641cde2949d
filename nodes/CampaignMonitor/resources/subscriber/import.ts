import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { importSubscribers } from '../../../transport/campaignMonitor';
import { CM_IMPORT_LIMIT, importBatches } from '../../../domain/campaignMonitor/cmIds';
import { emailField } from '../../../helpers/emailField';
import {
	consentToTrackOption,
	customFieldsMapper,
	nameField,
	restartAutorespondersOption,
	resubscribeOption,
} from '../../descriptions';
import type { OperationContext } from '../../operationContext';
import { customFieldsFor } from '../../mappedFields';
import { listIdOf } from '../../../helpers/campaignMonitorList';
import { itemParameter } from '../../../helpers/itemParameter';
import type { BatchResult, Classify } from '../types';
import { showFor } from '../types';
import { keepsSubscriberAsIs } from '../../../domain/campaignMonitor/cmErrors';

/** How the operation shows in the Operation select. */
export const option = {
	name: 'Import',
	action: 'Import subscribers',
	description: 'Add or update many subscribers, up to 1000 per call',
};

export const description = showFor('subscriber', 'import', [
	emailField('Email address of each subscriber (one input item per subscriber)'),
	nameField,
	customFieldsMapper,
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [
			{
				displayName: 'Batch Size',
				name: 'batchSize',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: CM_IMPORT_LIMIT },
				default: CM_IMPORT_LIMIT,
				description: 'Subscribers per import call (Campaign Monitor takes at most 1000)',
			},
			consentToTrackOption('Yes'),
			{
				displayName: 'Queue Subscription-Based Autoresponders',
				name: 'queueSubscriptionBasedAutoresponders',
				type: 'boolean',
				default: false,
				description: 'Whether new subscribers get the subscription-based autoresponders',
			},
			restartAutorespondersOption,
			resubscribeOption,
		],
	},
]);

/** Bulk import: items grouped by list and options, at most 1000 per call; one result per item. */
export async function executeBatch(
	this: IExecuteFunctions,
	itemIndexes: number[],
	context: OperationContext,
): Promise<BatchResult[]> {
	const groups = new Map<string, { listId: string; options: IDataObject; indexes: number[] }>();
	for (const itemIndex of itemIndexes) {
		const listId = listIdOf.call(this, itemIndex);
		const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
		const key = `${listId}|${JSON.stringify(options)}`;
		if (!groups.has(key)) groups.set(key, { listId, options, indexes: [] });
		groups.get(key)!.indexes.push(itemIndex);
	}

	const results: BatchResult[] = [];
	for (const { listId, options, indexes } of groups.values()) {
		for (const chunk of importBatches(indexes, Number(options.batchSize ?? CM_IMPORT_LIMIT))) {
			results.push(...(await importChunk.call(this, listId, options, chunk, context)));
		}
	}
	return results;
}

async function importChunk(
	this: IExecuteFunctions,
	listId: string,
	options: IDataObject,
	indexes: number[],
	context: OperationContext,
): Promise<BatchResult[]> {
	const results: BatchResult[] = [];
	const subscribers: IDataObject[] = [];
	const sent: Array<{ itemIndex: number; email: string }> = [];
	for (const itemIndex of indexes) {
		const email = String(itemParameter.call(this, 'email', itemIndex, '') ?? '').trim();
		if (!email) {
			results.push({
				itemIndex,
				json: { EmailAddress: email, ListID: listId, imported: false, Message: 'No email address' },
			});
			continue;
		}
		const { fields } = await customFieldsFor.call(this, itemIndex, listId, context, false);
		const name = String(itemParameter.call(this, 'name', itemIndex, '') ?? '').trim();
		subscribers.push({
			EmailAddress: email,
			...(name ? { Name: name } : {}),
			CustomFields: fields as unknown as IDataObject[],
			ConsentToTrack: (options.consentToTrack as string) || 'Yes',
		});
		sent.push({ itemIndex, email });
	}
	if (subscribers.length === 0) return results;

	// Code 210 (some addresses failed, the others were imported) is reported per item below.
	const data = await importSubscribers.call(
		this,
		listId,
		subscribers,
		{
			resubscribe: options.resubscribe === true,
			queueSubscriptionBasedAutoresponders: options.queueSubscriptionBasedAutoresponders === true,
			restartSubscriptionBasedAutoresponders:
				options.restartSubscriptionBasedAutoresponders === true,
		},
		{ itemIndex: indexes[0], limits: context.limits(indexes[0]) },
	);
	const failures = new Map(
		(data.FailureDetails ?? []).map((f) => [f.EmailAddress.trim().toLowerCase(), f]),
	);
	const seen = new Set<string>();
	for (const { itemIndex, email } of sent) {
		const key = email.toLowerCase();
		const failure = failures.get(key);
		const json: IDataObject = {
			EmailAddress: email,
			ListID: listId,
			imported: !failure && !seen.has(key),
		};
		if (failure) Object.assign(json, { Code: failure.Code, Message: failure.Message });
		else if (seen.has(key))
			Object.assign(json, { duplicate: true, Message: 'Same address earlier in this batch' });
		seen.add(key);
		results.push({ itemIndex, json });
	}
	return results;
}

/**
 * Imported; left as Campaign Monitor has it (suppressed, or inactive without Resubscribe: the
 * opt-out stands); refused (a failed item, with Campaign Monitor's code); or not sent at all (no
 * address, or the same address earlier in the batch).
 */
export const classify: Classify = (json) => {
	if (json.imported === true) return 'written';
	if (json.Code === undefined) return 'skipped';
	const code = Number(json.Code);
	return keepsSubscriberAsIs(code) ? 'unchanged' : { code, message: String(json.Message ?? '') };
};
