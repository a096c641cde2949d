import type { INodeProperties } from 'n8n-workflow';

import { operationFields, operationSelect } from '../../../helpers/operations/types';
import * as create from './create';
import * as ensure from './ensure';
import * as getAll from './getAll';

/** Custom field operations by their `operation` value: one file each, one entry here. */
export const customFieldOperations = { getAll, create, ensure };

export const customFieldOperationField: INodeProperties = operationSelect(
	customFieldOperations,
	'ensure',
	'customField',
);

/** The fields of each operation (shown below the client and list). */
export const customFieldFields: INodeProperties[] = operationFields(customFieldOperations);
