import type { INodeProperties } from 'n8n-workflow';

import { operationFields, operationSelect } from '../../../helpers/operations/types';
import * as add from './add';
import * as del from './delete';
import * as get from './get';
import * as importSubscribers from './import';
import * as unsubscribe from './unsubscribe';
import * as update from './update';

/** Subscriber operations by their `operation` value: one file each, one entry here. */
export const subscriberOperations = {
	add,
	update,
	get,
	unsubscribe,
	delete: del,
	import: importSubscribers,
};

export const subscriberOperationField: INodeProperties = operationSelect(
	subscriberOperations,
	'add',
	'subscriber',
);

/** The fields of each operation (shown below the client and list). */
export const subscriberFields: INodeProperties[] = operationFields(subscriberOperations);
