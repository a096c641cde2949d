import type { INodeProperties } from 'n8n-workflow';

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
