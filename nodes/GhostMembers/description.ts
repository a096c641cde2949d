import type { INodeProperties } from 'n8n-workflow';

const memberId: INodeProperties = {
	displayName: 'Member ID',
	name: 'memberId',
	type: 'string',
	default: '',
	required: true,
	placeholder: '65e2ee2f3c1a4b0001a1b2c3',
};

export const memberProperties: INodeProperties[] = [
	{
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
	},
	{ ...memberId, displayOptions: { show: { operation: ['get', 'updateNewsletters'] } } },
	{
		displayName: 'Email',
		name: 'email',
		type: 'string',
		placeholder: 'name@email.com',
		default: '',
		required: true,
		displayOptions: { show: { operation: ['getByEmail', 'applyCampaignMonitorState'] } },
		description:
			'Quotes, plus signs and commas in the address are safe (the NQL filter is escaped)',
	},
	{
		displayName: 'Campaign Monitor State',
		name: 'cmState',
		type: 'string',
		default: '={{ $json.State ?? "" }}',
		displayOptions: { show: { operation: ['applyCampaignMonitorState'] } },
		description:
			'The state Campaign Monitor reports for the subscriber (a Campaign Monitor Get a subscriber before this node): Unsubscribed, Bounced, Deleted, Active; empty when not in the list',
	},
	{
		displayName: 'Campaign Monitor Event',
		name: 'cmEvent',
		type: 'string',
		default: '',
		displayOptions: { show: { operation: ['applyCampaignMonitorState'] } },
		description: 'Deactivate, Update or Subscribe (the Campaign Monitor Trigger’s event)',
	},
	{
		displayName: 'Previous Email',
		name: 'cmPreviousEmail',
		type: 'string',
		default: '',
		displayOptions: { show: { operation: ['applyCampaignMonitorState'] } },
		description:
			'The address before an Update: a changed address is reported, never pushed to Ghost (Ghost owns it)',
	},
	{
		displayName: 'Options',
		name: 'cmOptions',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		displayOptions: { show: { operation: ['applyCampaignMonitorState'] } },
		options: [
			{
				displayName: 'Bounced Label',
				name: 'bouncedLabel',
				type: 'string',
				default: 'Campaign Monitor: bounced',
				description: 'The Ghost label a bounced member gets, so publishers can see why',
			},
			{
				displayName: 'On Bounced',
				name: 'onBounced',
				type: 'options',
				options: [
					{ name: 'Unsubscribe and Label', value: 'unsubscribeAndLabel' },
					{ name: 'Label Only', value: 'labelOnly' },
				],
				default: 'unsubscribeAndLabel',
			},
			{
				displayName: 'On Deleted',
				name: 'onDeleted',
				type: 'options',
				options: [
					{ name: 'Leave Alone (List Housekeeping)', value: 'ignore' },
					{ name: 'Unsubscribe', value: 'unsubscribe' },
				],
				default: 'ignore',
			},
			{
				displayName: 'Read In Execution',
				name: 'readInExecution',
				type: 'string',
				default: '',
				description:
					'The execution that read the state from Campaign Monitor (the bundled workflow passes it from Settings). When it is another one, as when n8n’s Retry resumes with the old answer, nothing is applied: run the replay, which reads Campaign Monitor again.',
			},
		],
	},
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		displayOptions: { show: { operation: ['getAll'] } },
		description: 'Whether to return all results or only up to a given limit',
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		displayOptions: { show: { operation: ['getAll'], returnAll: [false] } },
		description: 'Max number of results to return',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		displayOptions: { show: { operation: ['getAll'] } },
		options: [
			{
				displayName: 'Filter',
				name: 'filter',
				type: 'string',
				default: '',
				placeholder: "status:paid+updated_at:>'2026-01-01 00:00:00'",
				description: 'Ghost NQL filter',
			},
			{
				displayName: 'Include Tiers',
				name: 'includeTiers',
				type: 'boolean',
				default: false,
				description: 'Whether to include each member’s tiers',
			},
			{
				displayName: 'Order',
				name: 'order',
				type: 'string',
				default: 'created_at asc',
				description: 'Field and direction, e.g. updated_at desc',
			},
		],
	},
	{
		displayName: 'Subscription',
		name: 'subscription',
		type: 'options',
		options: [
			{ name: 'Unsubscribe From All Newsletters', value: 'unsubscribeAll' },
			{ name: 'Set Newsletters', value: 'set' },
		],
		default: 'unsubscribeAll',
		displayOptions: { show: { operation: ['updateNewsletters'] } },
	},
	{
		displayName: 'Newsletter IDs',
		name: 'newsletterIds',
		type: 'string',
		default: '',
		description: 'Comma-separated IDs of the newsletters the member gets',
		displayOptions: { show: { operation: ['updateNewsletters'], subscription: ['set'] } },
	},
];
