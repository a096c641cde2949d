import type { FieldType, ILoadOptionsFunctions, ResourceMapperFields } from 'n8n-workflow';

import type { CmCustomFieldDefinition } from '../../shared/campaignMonitor/cmFields';
import { normaliseFieldKey } from '../../shared/campaignMonitor/cmFields';
import { cmApiRequest, cmId } from '../../transport/campaignMonitor';

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
	const { body } = await cmApiRequest.call(this, {
		method: 'GET',
		path: `/lists/${cmId(listId)}/customfields.json`,
		limitKey: listId,
		idempotent: true,
	});
	return {
		fields: (body as CmCustomFieldDefinition[]).map((field) => ({
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
