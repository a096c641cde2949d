import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	ResourceMapperValue,
} from 'n8n-workflow';

import type { CmCustomFieldValue, FieldIssue } from '../domain/campaignMonitor/cmFields';
import { buildCustomFields } from '../domain/campaignMonitor/cmFields';
import { mapperValuesWithoutEngine } from '../helpers/itemParameter';
import type { OperationContext } from './operationContext';

/** The custom fields an item maps (the node's resource mapper), fitted to the list's fields. */

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
