import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { CM_DATA_TYPES } from '../../../domain/campaignMonitor/cmFields';
import type { NewCustomField } from '../../../transport/campaignMonitor';
import { createCustomField as createListField } from '../../../transport/campaignMonitor';
import type { OperationContext } from '../../operationContext';
import { listIdOf } from '../../../helpers/campaignMonitorList';
import { showFor } from '../types';
import type { Classify } from '../types';

export const dataTypeField: INodeProperties = {
	displayName: 'Data Type',
	name: 'dataType',
	type: 'options',
	options: CM_DATA_TYPES.map((type) => ({ name: type, value: type })),
	default: 'Text',
};

/** How the operation shows in the Operation select. */
export const option = {
	name: 'Create',
	action: 'Create a custom field',
	description: 'Add a custom field to the list',
};

export const description = showFor('customField', 'create', [
	{
		displayName: 'Field Name',
		name: 'fieldName',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'ghost_status',
	},
	dataTypeField,
	{
		displayName: 'Options',
		name: 'fieldOptions',
		type: 'string',
		typeOptions: { multipleValues: true },
		default: [],
		description: 'The choices of a multi-select field',
		displayOptions: { show: { dataType: ['MultiSelectOne', 'MultiSelectMany'] } },
	},
	{
		displayName: 'Visible in Preference Center',
		name: 'visibleInPreferenceCenter',
		type: 'boolean',
		default: false,
		description: 'Whether subscribers can see and change this field in the preference center',
	},
]);

/** Creates one custom field; returns CM's key (e.g. "[ghost_status]"). */
export async function createCustomField(
	this: IExecuteFunctions,
	itemIndex: number,
	listId: string,
	field: NewCustomField,
	context: OperationContext,
): Promise<string> {
	const key = await createListField.call(
		this,
		listId,
		field,
		// After a 5xx or a lost answer the field may exist: read the list's fields first.
		async () => {
			context.forgetCustomFields(listId);
			const definitions = await context.customFieldDefinitions(listId, itemIndex, {
				fresh: true,
			});
			return definitions.find((definition) => definition.FieldName === field.FieldName)?.Key;
		},
		{ itemIndex, limits: context.limits(itemIndex) },
	);
	// The list has a new field: the next read must see it.
	context.forgetCustomFields(listId);
	return key;
}

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	context: OperationContext,
) {
	const listId = listIdOf.call(this, itemIndex);
	const fieldName = String(this.getNodeParameter('fieldName', itemIndex, '')).trim();
	if (!fieldName) throw new NodeOperationError(this.getNode(), 'Enter a field name', { itemIndex });
	const dataType = this.getNodeParameter('dataType', itemIndex) as string;
	const options = dataType.startsWith('MultiSelect')
		? (this.getNodeParameter('fieldOptions', itemIndex, []) as string[])
		: [];
	const visible = this.getNodeParameter('visibleInPreferenceCenter', itemIndex, false) as boolean;
	const key = await createCustomField.call(
		this,
		itemIndex,
		listId,
		{
			FieldName: fieldName,
			DataType: dataType,
			Options: options,
			VisibleInPreferenceCenter: visible,
		},
		context,
	);
	return { ListID: listId, FieldName: fieldName, DataType: dataType, Key: key } as IDataObject;
}

/** Every result is a write. */
export const classify: Classify = () => 'written';
