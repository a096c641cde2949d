import type { INodeProperties } from 'n8n-workflow';

import { listLocator } from '../helpers/campaignMonitorList';
import { optionalGhostFieldsOption } from '../helpers/ghostFieldOptions';
import { listMembershipOption } from '../helpers/listMembership';

export const statusDiffProperties: INodeProperties[] = [
	{
		displayName:
			'Feed it the items of the Ghost Member Trigger. The change comes from the event’s previous status (Ghost sends it whenever the status changes) or from Campaign Monitor; nothing is kept between executions.',
		name: 'notice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Outputs',
		name: 'routing',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'One Output', value: 'single', description: 'Every item, with statusChanged set' },
			{
				name: 'Changed and Unchanged',
				value: 'split',
				description: 'Items whose status changed go to the first output, the others to the second',
			},
		],
		default: 'single',
	},
	{
		displayName: 'Read Member From Ghost',
		name: 'readFromGhost',
		type: 'boolean',
		default: false,
		description:
			'Whether to write the member as Ghost has it now rather than as the webhook described it (one Admin API read per event). A member Ghost no longer has is removed, never added. Follow the Campaign Monitor write with Member Sync Check.',
	},
	{
		displayName: 'Look Up Campaign Monitor When Unknown',
		name: 'campaignMonitorLookup',
		type: 'boolean',
		default: false,
		description:
			'Whether to read ghost_status, ghost_previous_status and ghost_status_changed_at from Campaign Monitor when the webhook does not carry the previous status (one extra request per such event): finds changes made outside Ghost’s member model, such as a database import',
	},
	{ ...listLocator, displayOptions: { show: { campaignMonitorLookup: [true] } } },
	{
		displayName: 'Status Field Key',
		name: 'statusFieldKey',
		type: 'string',
		default: 'ghost_status',
		displayOptions: { show: { campaignMonitorLookup: [true] } },
		description: 'The Campaign Monitor custom field that holds the Ghost status',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [
			{
				displayName: 'Add Campaign Monitor Fields',
				name: 'campaignMonitorFields',
				type: 'boolean',
				default: true,
				description:
					'Whether to add campaignMonitor.fields: the ghost_* values of the default mapping, ready for the Campaign Monitor node',
			},
			listMembershipOption,
			optionalGhostFieldsOption,
		],
	},
];
