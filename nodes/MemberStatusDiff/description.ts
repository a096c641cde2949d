import type { INodeProperties } from 'n8n-workflow';

import { listLocator } from '../common/campaignMonitorList';
import { optionalGhostFieldsOption } from '../common/ghostFieldOptions';
import { listMembershipOption } from '../common/listMembership';

export const statusDiffProperties: INodeProperties[] = [
	{
		displayName:
			'Feed it the items of the Ghost Member Trigger (or of the full sync). State lives in this workflow’s static data, which n8n saves only for production runs, not for test runs in the editor.',
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
			'Whether to read ghost_status from Campaign Monitor when neither the webhook nor the stored state knows the previous status (one extra request for such members)',
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
			{
				displayName: 'Max Remembered Members',
				name: 'maxMembers',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 50000,
				description:
					'Per site. Beyond it the members written longest ago are forgotten (about 40 bytes each in the workflow’s static data).',
			},
			optionalGhostFieldsOption,
		],
	},
];
