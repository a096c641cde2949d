import type { INodeProperties } from 'n8n-workflow';

import type { ItemOperation } from '../../../helpers/operations/types';
import { operationFields, operationSelect } from '../../../helpers/operations/types';
import * as applyCampaignMonitorState from './applyCampaignMonitorState';
import * as get from './get';
import * as getAll from './getAll';
import * as getByEmail from './getByEmail';
import * as updateNewsletters from './updateNewsletters';

/** Member operations by their `operation` value: one file each, one entry here. */
export const memberOperations: Record<string, ItemOperation<void>> = {
	applyCampaignMonitorState,
	get,
	getAll,
	getByEmail,
	updateNewsletters,
};

/** The node's parameters: the Operation select, then each operation's own fields. */
export const memberProperties: INodeProperties[] = [
	operationSelect(memberOperations, 'getAll'),
	...operationFields(memberOperations),
];
