import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { normaliseFieldKey } from '../../../domain/campaignMonitor/cmFields';
import type { OperationContext } from '../../operationContext';
import { listIdOf } from '../../../helpers/campaignMonitorList';
import { showFor } from '../types';

/** How the operation shows in the Operation select. */
export const option = {
	name: 'Get Many',
	action: 'Get many custom fields',
	description: "List the list's custom fields",
};

export const description = showFor('customField', 'getAll', []);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	context: OperationContext,
) {
	const listId = listIdOf.call(this, itemIndex);
	const fields = await context.customFieldDefinitions(listId, itemIndex, { fresh: true });
	return fields.map(
		(field) => ({ ...field, KeyName: normaliseFieldKey(field.Key), ListID: listId }) as IDataObject,
	);
}
