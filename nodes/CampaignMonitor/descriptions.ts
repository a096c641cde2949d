import type { INodeProperties } from 'n8n-workflow';

/** A picker with a searchable list and a by-ID mode; Campaign Monitor ids are 32 hex characters. */
function idLocator(options: {
	displayName: string;
	name: string;
	searchListMethod: string;
	placeholder: string;
	description: string;
	required?: boolean;
}): INodeProperties {
	const what = options.displayName.toLowerCase();
	return {
		displayName: options.displayName,
		name: options.name,
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		...(options.required ? { required: true } : {}),
		description: options.description,
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				typeOptions: { searchListMethod: options.searchListMethod, searchable: true },
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: options.placeholder,
				validation: [
					{
						type: 'regex',
						properties: {
							regex: '^[0-9a-fA-F]{32}$',
							errorMessage: `A ${what} ID is 32 hex characters`,
						},
					},
				],
			},
		],
	};
}

/** Client picker: only used to search lists, so it is optional. */
export const clientLocator = idLocator({
	displayName: 'Client',
	name: 'client',
	searchListMethod: 'searchClients',
	placeholder: '4a397ccaaa55eb4e6aa1221e1e2d7122',
	description:
		'The Campaign Monitor client whose lists to search. Not needed when the list is given by ID.',
});

export const listLocator = idLocator({
	displayName: 'List',
	name: 'list',
	searchListMethod: 'searchLists',
	placeholder: 'a58ee1d3039b8bec838e6d1482a8a965',
	description: 'The subscriber list to work on',
	required: true,
});

export const requestOptions: INodeProperties = {
	displayName: 'Request Options',
	name: 'requestOptions',
	type: 'collection',
	placeholder: 'Add option',
	default: {},
	options: [
		{
			displayName: 'Burst',
			name: 'burst',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 20,
			description: 'How many requests may go out at once before the per-second limit applies',
		},
		{
			displayName: 'Max Retries',
			name: 'maxRetries',
			type: 'number',
			typeOptions: { minValue: 0, maxValue: 10 },
			default: 3,
			description:
				'Retries on rate limiting (429), server errors (5xx) and lost connections; bad requests (400) and bad keys (401) are never retried',
		},
		{
			displayName: 'Requests per Second',
			name: 'requestsPerSecond',
			type: 'number',
			typeOptions: { minValue: 0.1, numberPrecision: 1 },
			default: 10,
			description: 'Per list, shared by every execution in this n8n process',
		},
		{
			displayName: 'Timeout (Seconds)',
			name: 'timeout',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 30,
			description: 'How long to wait for each answer from Campaign Monitor before counting it as lost (and retrying)',
		},
		{
			displayName: 'Workers Sharing the Limit',
			name: 'workers',
			type: 'number',
			typeOptions: { minValue: 1, numberPrecision: 0 },
			default: 1,
			description:
				'In n8n queue mode, how many workers run this workflow. Each worker counts on its own, so each takes this share of Requests per Second and Burst. Leave at 1 for a single n8n.',
		},
	],
};

export const emailField = (description: string): INodeProperties => ({
	displayName: 'Email',
	name: 'email',
	type: 'string',
	placeholder: 'name@email.com',
	default: '',
	required: true,
	description,
});

export const customFieldsMapper: INodeProperties = {
	displayName: 'Custom Fields',
	name: 'customFields',
	type: 'resourceMapper',
	noDataExpression: true,
	default: { mappingMode: 'defineBelow', value: null },
	description:
		"Values for the list's custom fields. Dates are sent as YYYY-MM-DD and text is fitted into 250 characters.",
	typeOptions: {
		loadOptionsDependsOn: ['list.value'],
		resourceMapper: {
			resourceMapperMethod: 'getCustomFieldColumns',
			mode: 'add',
			fieldWords: { singular: 'custom field', plural: 'custom fields' },
			addAllFields: false,
			multiKeyMatch: false,
			supportAutoMap: true,
		},
	},
};

export const consentToTrackOption = (defaultValue: 'Yes' | 'Unchanged'): INodeProperties => ({
	displayName: 'Consent to Track',
	name: 'consentToTrack',
	type: 'options',
	options: [
		{ name: 'Yes', value: 'Yes' },
		{ name: 'No', value: 'No' },
		{ name: 'Unchanged', value: 'Unchanged' },
	],
	default: defaultValue,
	description:
		'Whether Campaign Monitor may track opens and clicks for this subscriber (always sent: the API requires it)',
});

export const resubscribeOption: INodeProperties = {
	displayName: 'Resubscribe',
	name: 'resubscribe',
	type: 'boolean',
	default: false,
	description:
		'Whether to make an unsubscribed, bounced or deleted subscriber active again. Off: their opt-out is respected and only their details are updated.',
};

export const restartAutorespondersOption: INodeProperties = {
	displayName: 'Restart Subscription-Based Autoresponders',
	name: 'restartSubscriptionBasedAutoresponders',
	type: 'boolean',
	default: false,
	description:
		'Whether a resubscribed subscriber goes through subscription-based autoresponders again',
};

export const clearEmptyOption: INodeProperties = {
	displayName: 'Clear Empty Custom Fields',
	name: 'clearEmptyFields',
	type: 'boolean',
	default: false,
	description:
		'Whether an empty mapped value clears the field in Campaign Monitor (otherwise it is left as it is)',
};

export const nameField: INodeProperties = {
	displayName: 'Name',
	name: 'name',
	type: 'string',
	default: '',
	description: 'Empty leaves the current name as it is',
};

export const clearWhenEmptyOption: INodeProperties = {
	displayName: 'Clear When Empty',
	name: 'clearWhenEmpty',
	type: 'string',
	default: '',
	placeholder: 'ghost_labels',
	description:
		'Comma-separated custom field keys to clear in Campaign Monitor when their mapped value is empty (for example labels the member no longer has)',
};

/** Name, custom fields and options, as Add or Update and Update share them. */
export function subscriberDetailFields(consentDefault: 'Yes' | 'Unchanged'): INodeProperties[] {
	return [
		nameField,
		customFieldsMapper,
		{
			displayName: 'Options',
			name: 'options',
			type: 'collection',
			placeholder: 'Add option',
			default: {},
			options: [
				clearEmptyOption,
				clearWhenEmptyOption,
				consentToTrackOption(consentDefault),
				{ displayName: 'Mobile Number', name: 'mobileNumber', type: 'string', default: '' },
				restartAutorespondersOption,
				resubscribeOption,
			],
		},
	];
}
