import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { keyForFieldName, sameFieldKey } from '../../../domain/campaignMonitor/cmFields';
import { ENSURED_GHOST_FIELDS } from '../../../domain/sync/ghostFields';
import type { OperationContext } from '../../operationContext';
import { listIdOf } from '../../../helpers/campaignMonitorList';
import { showFor } from '../types';
import type { Classify } from '../types';
import { createCustomField, dataTypeField } from './create';

/** How the operation shows in the Operation select. */
export const option = {
	name: 'Ensure',
	action: 'Ensure custom fields exist',
	description:
		'Create the fields the list lacks (the ghost_* fields by default); safe to run again',
};

export const description = showFor('customField', 'ensure', [
	{
		displayName: 'Fields',
		name: 'fields',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, sortable: true },
		placeholder: 'Add field',
		description:
			'Fields the list must have; the missing ones are created, existing ones are left alone',
		default: {
			field: ENSURED_GHOST_FIELDS.map((f) => ({
				fieldName: f.FieldName,
				dataType: f.DataType,
			})),
		},
		options: [
			{
				displayName: 'Field',
				name: 'field',
				values: [
					{ displayName: 'Field Name', name: 'fieldName', type: 'string', default: '' },
					dataTypeField,
				],
			},
		],
	},
]);

/** Idempotent: creates only what the list lacks, and reports fields whose type differs. */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	context: OperationContext,
) {
	const listId = listIdOf.call(this, itemIndex);
	const wanted = ((this.getNodeParameter('fields', itemIndex, {}) as IDataObject).field ??
		[]) as Array<{ fieldName: string; dataType: string }>;
	const existing = await context.customFieldDefinitions(listId, itemIndex, { fresh: true });
	const created: string[] = [];
	const present: string[] = [];
	const typeMismatches: IDataObject[] = [];
	for (const { fieldName, dataType } of wanted) {
		const name = String(fieldName ?? '').trim();
		if (!name) continue;
		const match = existing.find(
			(f) =>
				sameFieldKey(f.Key, keyForFieldName(name)) ||
				f.FieldName.toLowerCase() === name.toLowerCase(),
		);
		if (match) {
			present.push(match.FieldName);
			if (match.DataType !== dataType)
				typeMismatches.push({
					FieldName: match.FieldName,
					expected: dataType,
					actual: match.DataType,
				});
			continue;
		}
		const key = await createCustomField.call(
			this,
			itemIndex,
			listId,
			{ FieldName: name, DataType: dataType },
			context,
		);
		existing.push({ FieldName: name, Key: key, DataType: dataType, FieldOptions: [] });
		created.push(name);
	}
	return { ListID: listId, created, existing: present, typeMismatches } as IDataObject;
}

/** Fields created, or all there already. */
export const classify: Classify = (json) =>
	Array.isArray(json.created) && json.created.length > 0 ? 'written' : 'unchanged';
