import type { INodeProperties } from 'n8n-workflow';

import type { ItemOperation } from '../../../helpers/operations/types';
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

const operationField: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	options: [
		{
			name: 'Apply Campaign Monitor State',
			value: 'applyCampaignMonitorState',
			action: 'Apply a campaign monitor unsubscribe or bounce to a member',
			description:
				'From the state Campaign Monitor reports: stop the member’s newsletters, label a bounce',
		},
		{ name: 'Get', value: 'get', action: 'Get a member', description: 'Read one member by ID' },
		{
			name: 'Get by Email',
			value: 'getByEmail',
			action: 'Get a member by email',
			description: 'Read one member by email address (found: false when none)',
		},
		{
			name: 'Get Many',
			value: 'getAll',
			action: 'Get many members',
			description: 'Read members page by page, optionally filtered',
		},
		{
			name: 'Update Newsletters',
			value: 'updateNewsletters',
			action: 'Update the newsletters of a member',
			description: 'Unsubscribe a member from all newsletters, or set them',
		},
	],
	default: 'getAll',
};

/** The node's parameters: the Operation select, then each operation's own fields. */
export const memberProperties: INodeProperties[] = [
	operationField,
	...Object.values(memberOperations).flatMap((operation) => operation.description),
];
