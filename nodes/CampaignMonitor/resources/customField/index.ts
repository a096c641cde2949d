import type { INodeProperties } from 'n8n-workflow';

import * as create from './create';
import * as ensure from './ensure';
import * as getAll from './getAll';

export const customFieldOperations = { getAll, create, ensure };

export const customFieldOperationField: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['customField'] } },
	options: [
		{
			name: 'Create',
			value: 'create',
			action: 'Create a custom field',
			description: 'Add a custom field to the list',
		},
		{
			name: 'Ensure',
			value: 'ensure',
			action: 'Ensure custom fields exist',
			description:
				'Create the fields the list lacks (the ghost_* fields by default); safe to run again',
		},
		{
			name: 'Get Many',
			value: 'getAll',
			action: 'Get many custom fields',
			description: "List the list's custom fields",
		},
	],
	default: 'ensure',
};

/** The fields of each operation (shown below the client and list). */
export const customFieldFields: INodeProperties[] = [
	...getAll.description,
	...create.description,
	...ensure.description,
];
