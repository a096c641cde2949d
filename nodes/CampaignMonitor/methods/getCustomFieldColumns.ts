import type { FieldType, ILoadOptionsFunctions, ResourceMapperFields } from 'n8n-workflow';

import { normaliseFieldKey } from '../../domain/campaignMonitor/cmFields';
import { listCustomFields } from '../../transport/campaignMonitor';

const FIELD_TYPES: Record<string, FieldType> = {
	Text: 'string',
	Number: 'number',
	Date: 'dateTime',
	MultiSelectOne: 'options',
	MultiSelectMany: 'string',
	Country: 'string',
	USState: 'string',
};

/** Resource mapper columns: the chosen list's live custom fields. */
export async function getCustomFieldColumns(
	this: ILoadOptionsFunctions,
): Promise<ResourceMapperFields> {
	const listId = String(this.getNodeParameter('list', '', { extractValue: true }) ?? '').trim();
	if (!listId) return { fields: [] };
	const definitions = await listCustomFields.call(this, listId);
	return {
		fields: definitions.map((field) => ({
			id: normaliseFieldKey(field.Key),
			displayName:
				field.DataType === 'MultiSelectMany'
					? `${field.FieldName} (comma-separated)`
					: field.FieldName,
			required: false,
			defaultMatch: false,
			display: true,
			canBeUsedToMatch: false,
			type: FIELD_TYPES[field.DataType] ?? 'string',
			options:
				field.DataType === 'MultiSelectOne'
					? (field.FieldOptions ?? []).map((option) => ({ name: option, value: option }))
					: undefined,
		})),
	};
}
