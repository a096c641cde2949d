import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	ResourceMapperValue,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type {
	CmCustomFieldDefinition,
	CmCustomFieldValue,
	FieldIssue,
} from '../shared/campaignMonitor/cmFields';
import { buildCustomFields, sameFieldKey } from '../shared/campaignMonitor/cmFields';
import { fieldDefinitionCache } from '../shared/campaignMonitor/cmFieldCache';
import { listIdOf } from '../common/campaignMonitorList';
import { itemParameter, mapperValuesWithoutEngine } from '../common/itemParameter';
import type { CmLimits } from '../transport/campaignMonitor';
import {
	cmApiRequest,
	cmId,
	limitsFromOptions,
	removeFromList,
} from '../transport/campaignMonitor';

export interface DefinitionsWanted {
	/** Field keys the caller will write: a cached copy lacking one of them is read again. */
	mustInclude?: readonly string[];
	/** Read from Campaign Monitor whatever the cache holds (listing and ensuring fields). */
	fresh?: boolean;
}

/** What every operation gets besides its item index. */
export interface OperationContext {
	items: INodeExecutionData[];
	limits(itemIndex: number): CmLimits;
	/** The list's custom fields: cached (see fieldDefinitionCache), read at most once per execution. */
	customFieldDefinitions(
		listId: string,
		itemIndex: number,
		wanted?: DefinitionsWanted,
	): Promise<CmCustomFieldDefinition[]>;
	/** Forgets the list's cached definitions (after creating a field). */
	forgetCustomFields(listId: string): void;
}

export function createOperationContext(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): OperationContext {
	const readThisRun = new Map<string, Promise<CmCustomFieldDefinition[]>>();
	const limits = (itemIndex: number): CmLimits =>
		limitsFromOptions(this.getNodeParameter('requestOptions', itemIndex, {}) as IDataObject);
	const cacheKey = (listId: string) =>
		`${this.getNode().credentials?.campaignMonitorApi?.id ?? ''}|${listId.toLowerCase()}`;
	const read = (listId: string, itemIndex: number) => {
		let pending = readThisRun.get(listId);
		if (!pending) {
			pending = (async () => {
				const response = await cmApiRequest.call(
					this,
					{
						method: 'GET',
						path: `/lists/${cmId(listId)}/customfields.json`,
						limitKey: listId,
						idempotent: true,
						itemIndex,
					},
					limits(itemIndex),
				);
				const definitions = response.body as CmCustomFieldDefinition[];
				fieldDefinitionCache.set(cacheKey(listId), definitions, Date.now());
				return definitions;
			})();
			readThisRun.set(listId, pending);
		}
		return pending;
	};
	return {
		items,
		limits,
		customFieldDefinitions: async (listId, itemIndex, wanted = {}) => {
			if (!wanted.fresh && !readThisRun.has(listId)) {
				const cached = fieldDefinitionCache.get(cacheKey(listId), Date.now());
				const complete = (wanted.mustInclude ?? []).every((key) =>
					cached?.some((definition) => sameFieldKey(definition.Key, key)),
				);
				if (cached && complete) return cached;
			}
			return await read(listId, itemIndex);
		},
		forgetCustomFields: (listId) => {
			fieldDefinitionCache.delete(cacheKey(listId));
			readThisRun.delete(listId);
		},
	};
}

export function emailOf(this: IExecuteFunctions, itemIndex: number, parameter = 'email'): string {
	const email = String(itemParameter.call(this, parameter, itemIndex, '') ?? '').trim();
	if (!email || !email.includes('@')) {
		throw new NodeOperationError(
			this.getNode(),
			'The email address is empty or not an email address',
			{ itemIndex },
		);
	}
	return email;
}

/** Mapped custom field values, whether defined below or auto-mapped from the input item. */
export function mappedValues(
	this: IExecuteFunctions,
	itemIndex: number,
	items: INodeExecutionData[],
): IDataObject {
	const fallback = { mappingMode: 'defineBelow', value: null };
	const mapper = this.getNodeParameter('customFields', itemIndex, fallback, {
		rawExpressions: true,
	}) as ResourceMapperValue;
	if (mapper?.mappingMode === 'autoMapInputData') {
		const columns = new Set(
			(mapper.schema ?? []).filter((field) => !field.removed).map((field) => field.id),
		);
		const json = items[itemIndex]?.json ?? {};
		return Object.fromEntries(Object.entries(json).filter(([key]) => columns.has(key)));
	}
	const plain = mapperValuesWithoutEngine(
		mapper?.value as IDataObject | null,
		items[itemIndex]?.json,
	);
	if (plain) return plain;
	const evaluated = this.getNodeParameter('customFields', itemIndex, fallback);
	return ((evaluated as ResourceMapperValue)?.value ?? {}) as IDataObject;
}

/** Fits the mapped values to the list's field types; values CM would drop are reported. */
export async function customFieldsFor(
	this: IExecuteFunctions,
	itemIndex: number,
	listId: string,
	context: OperationContext,
	clearEmpty: boolean | readonly string[],
): Promise<{ fields: CmCustomFieldValue[]; issues: FieldIssue[] }> {
	const values = mappedValues.call(this, itemIndex, context.items);
	if (Object.keys(values).length === 0) return { fields: [], issues: [] };
	const definitions = await context.customFieldDefinitions(listId, itemIndex, {
		mustInclude: Object.keys(values),
	});
	return buildCustomFields(values, definitions, { clearEmpty });
}

/** The item's mapped custom fields, fitted to the list, with its *Clear* options applied. */
export async function mappedCustomFields(
	this: IExecuteFunctions,
	itemIndex: number,
	listId: string,
	context: OperationContext,
): Promise<{ fields: CmCustomFieldValue[]; issues: FieldIssue[] }> {
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	return await customFieldsFor.call(this, itemIndex, listId, context, clearEmptySetting(options));
}

/** "Clear Empty Custom Fields" (all) or "Clear When Empty" (the listed keys). */
export function clearEmptySetting(options: IDataObject): boolean | string[] {
	if (options.clearEmptyFields === true) return true;
	const keys = String(options.clearWhenEmpty ?? '')
		.split(',')
		.map((key) => key.trim())
		.filter(Boolean);
	return keys.length ? keys : false;
}

/**
 * Unsubscribe or delete the item's address; an address not in the list counts as done.
 */
export async function removeSubscriber(
	this: IExecuteFunctions,
	itemIndex: number,
	context: OperationContext,
	how: 'unsubscribe' | 'delete',
): Promise<IDataObject> {
	const listId = listIdOf.call(this, itemIndex);
	const email = emailOf.call(this, itemIndex);
	const wasInList = await removeFromList.call(this, listId, email, how, {
		itemIndex,
		limits: context.limits(itemIndex),
	});
	return {
		EmailAddress: email,
		ListID: listId,
		[how === 'unsubscribe' ? 'unsubscribed' : 'deleted']: true,
		wasInList,
	};
}
