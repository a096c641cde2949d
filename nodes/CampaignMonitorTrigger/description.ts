import type { INodeProperties } from 'n8n-workflow';

import { listLocator } from '../helpers/campaignMonitorList';

export const cmTriggerProperties: INodeProperties[] = [
	{
		displayName:
			'Campaign Monitor signs nothing it sends. The webhook URL is unguessable, deliveries for another list are refused, and the bundled workflow reads the subscriber from Campaign Monitor before it changes anything in Ghost.',
		name: 'notice',
		type: 'notice',
		default: '',
	},
	{ ...listLocator, description: 'The list whose subscriber changes start the workflow' },
	{
		displayName: 'Events',
		name: 'events',
		type: 'multiOptions',
		required: true,
		options: [
			{
				name: 'Deactivate',
				value: 'Deactivate',
				description: 'A subscriber unsubscribed, bounced, complained or was deleted',
			},
			{ name: 'Subscribe', value: 'Subscribe', description: 'A subscriber joined the list' },
			{
				name: 'Update',
				value: 'Update',
				description: 'A subscriber’s details or address changed',
			},
		],
		default: ['Deactivate', 'Update'],
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Updates With an Address Change Only',
				name: 'updatesWithAddressChangeOnly',
				type: 'boolean',
				default: false,
				description:
					'Whether to start the workflow for an Update only when the subscriber’s address changed. Campaign Monitor sends Update for every change of a name or custom field, including those this package writes.',
			},
		],
	},
];
