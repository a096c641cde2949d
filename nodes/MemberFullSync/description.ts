import type { INodeProperties } from 'n8n-workflow';

import { clientLocator, listLocator, requestOptions } from '../helpers/campaignMonitorList';
import { listMembershipOption } from '../helpers/listMembership';
import { optionalGhostFieldsOption } from '../helpers/ghostFieldOptions';

export const fullSyncProperties: INodeProperties[] = [
	{
		displayName:
			'Compares every Ghost member with the Campaign Monitor list inside this node and puts out a summary (plus per-address detail up to a limit), so 100,000 members never travel between nodes.',
		name: 'notice',
		type: 'notice',
		default: '',
	},
	clientLocator,
	listLocator,
	{
		displayName: 'Members',
		name: 'scope',
		type: 'options',
		noDataExpression: true,
		default: 'all',
		options: [
			{
				name: 'All Members (Full Sync)',
				value: 'all',
				description: 'Every Ghost member against the whole list',
			},
			{
				name: 'Changed Since Last Run (Catch-Up)',
				value: 'changed',
				description:
					'Only members Ghost changed since the last successful run (with an overlap), each checked against Campaign Monitor; what it repairs is what the live sync missed',
			},
		],
	},
	{
		displayName: 'Dry Run',
		name: 'dryRun',
		type: 'boolean',
		default: true,
		description: 'Whether to only report the plan. Turn off to apply it.',
		displayOptions: { show: { '@version': [1] } },
	},
	{
		displayName: 'Dry Run',
		name: 'dryRunMode',
		type: 'options',
		noDataExpression: true,
		default: 'whenRunByHand',
		options: [
			{
				name: 'When Run by Hand',
				value: 'whenRunByHand',
				description:
					'A run from the editor only reports the plan; a scheduled or triggered run applies it',
			},
			{ name: 'Always', value: 'always', description: 'Only report the plan, on every run' },
			{ name: 'Never', value: 'never', description: 'Apply the plan on every run, by hand too' },
		],
		description: 'When to only report the plan instead of applying it',
		displayOptions: { show: { '@version': [{ _cnd: { gte: 2 } }] } },
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [
			{
				displayName: 'Confirm Large Unsubscribe',
				name: 'confirmLargeUnsubscribe',
				type: 'boolean',
				default: false,
				description:
					'Whether this run may unsubscribe more than the safety limit allows. Turn it on for one run after the dry run’s plan shows the unsubscribes are right, then off again.',
			},
			{
				displayName: 'Detail Limit',
				name: 'detailLimit',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 1000,
				description: 'At most this many per-address items after the summary',
			},
			{
				displayName: 'First Run Look-Back (Minutes)',
				name: 'firstLookBackMinutes',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 60,
				description:
					'Catch-up only: how far back the first run looks, before any run has succeeded',
			},
			{
				displayName: 'Ghost Filter',
				name: 'ghostFilter',
				type: 'string',
				default: '',
				description:
					'NQL filter limiting which Ghost members take part (empty: all). Subscribers Ghost has outside the filter are left as they are, unless Unsubscribe Members Outside the Ghost Filter is on.',
			},
			listMembershipOption,
			optionalGhostFieldsOption,
			{
				displayName: 'Overlap (Minutes)',
				name: 'overlapMinutes',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 5,
				description:
					'Catch-up only: each run also looks at members changed this long before the last run started, so a change made during that run is not missed',
			},
			{
				displayName: 'Unsubscribe in Ghost Who Unsubscribed in Campaign Monitor',
				name: 'campaignMonitorToGhost',
				type: 'boolean',
				default: false,
				description:
					'Whether members who unsubscribed in Campaign Monitor are unsubscribed from all Ghost newsletters',
			},
			{
				displayName: 'Unsubscribe Members Outside the Ghost Filter',
				name: 'unsubscribeOutsideFilter',
				type: 'boolean',
				default: false,
				description:
					'Whether subscribers Ghost still has, but outside the Ghost Filter, are unsubscribed (for a list meant to hold only the filtered members); otherwise they are left as they are and reported',
			},
			{
				displayName: 'Unsubscribe Orphans',
				name: 'unsubscribeOrphans',
				type: 'boolean',
				default: false,
				description:
					'Whether Campaign Monitor subscribers that never came from Ghost (no ghost_status) are unsubscribed; otherwise they are only reported',
			},
			{
				displayName: 'Unsubscribe Safety Floor',
				name: 'unsubscribeLimitFloor',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 20,
				description:
					'Up to this many unsubscribes in one run always pass the safety limit, so a small list’s few leavers are not stopped',
			},
			{
				displayName: 'Unsubscribe Safety Limit (% of Active)',
				name: 'unsubscribeLimitPercent',
				type: 'number',
				typeOptions: { minValue: 0, maxValue: 100 },
				default: 10,
				description:
					'A run that would unsubscribe more than this share of the list’s Active subscribers (and more than the floor) applies its adds and updates, unsubscribes nobody and fails with the count. A run that reads no Ghost member at all stops at any unsubscribe.',
			},
		],
	},
	requestOptions,
];
