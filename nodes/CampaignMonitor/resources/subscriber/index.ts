import type { INodeProperties } from 'n8n-workflow';

import * as add from './add';
import * as del from './delete';
import * as get from './get';
import * as importSubscribers from './import';
import * as unsubscribe from './unsubscribe';
import * as update from './update';

export const subscriberOperations = {
	add,
	update,
	get,
	unsubscribe,
	delete: del,
	import: importSubscribers,
};

export const subscriberOperationField: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['subscriber'] } },
	options: [
		{
			name: 'Add or Update',
			value: 'add',
			action: 'Add or update a subscriber',
			description: 'Add a subscriber, or update it if the address is already in the list',
		},
		{
			name: 'Delete',
			value: 'delete',
			action: 'Delete a subscriber',
			description: 'Move a subscriber to Deleted (GDPR erasure is done in Campaign Monitor)',
		},
		{
			name: 'Get',
			value: 'get',
			action: 'Get a subscriber',
			description: 'Read a subscriber, with its state and custom fields',
		},
		{
			name: 'Import',
			value: 'import',
			action: 'Import subscribers',
			description: 'Add or update many subscribers, up to 1000 per call',
		},
		{
			name: 'Unsubscribe',
			value: 'unsubscribe',
			action: 'Unsubscribe a subscriber',
			description: 'Unsubscribe an address from the list',
		},
		{
			name: 'Update',
			value: 'update',
			action: 'Update a subscriber',
			description: 'Update an existing subscriber, including renaming its email address',
		},
	],
	default: 'add',
};

/** The fields of each operation (shown below the client and list). */
export const subscriberFields: INodeProperties[] = [
	...add.description,
	...update.description,
	...get.description,
	...unsubscribe.description,
	...del.description,
	...importSubscribers.description,
];
