import type { INodeProperties } from 'n8n-workflow';

import { clientLocator, listLocator } from '../helpers/campaignMonitorList';
import { optionalGhostFieldsOption } from '../helpers/ghostFieldOptions';
import { listMembershipOption } from '../helpers/listMembership';
import { BUNDLED_OPTIONAL_GHOST_FIELDS } from '../domain/sync/ghostFields';

export const setupProperties: INodeProperties[] = [
	{
		displayName:
			'Pick this site’s Ghost credential, your Campaign Monitor credential, an n8n API credential and the list, then run <b>Preview</b>. <b>Set Up</b> creates the custom fields and the workflows (site sync, catch-up, nightly full sync, Campaign Monitor → Ghost, health, dead letters, replay) and publishes them. Run it again after updating the package to bring the workflows up to date, or to put back a lost webhook.',
		name: 'notice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Preview',
				value: 'preview',
				action: 'Preview what the setup would do',
				description:
					'Check the credentials and the list, and say what Set Up would create or change, with the full sync’s plan for the list. Changes nothing.',
			},
			{
				name: 'Set Up',
				value: 'setUp',
				action: 'Set up or update the site workflows',
				description:
					'Create the custom fields and the workflows, or bring those the setup made up to date, and publish them',
			},
		],
		default: 'preview',
	},
	clientLocator,
	listLocator,
	{
		displayName: 'Site Name',
		name: 'siteName',
		type: 'string',
		default: '',
		placeholder: 'Northwind Weekly',
		description:
			'Names this site’s workflows and is put on its events and dead letters. Empty: the Ghost site’s title.',
	},
	{
		displayName: 'Deleted Member',
		name: 'onMemberDeleted',
		type: 'options',
		options: [
			{
				name: 'Unsubscribe',
				value: 'unsubscribe',
				description: 'Keep the subscriber, unsubscribed (their history stays)',
			},
			{
				name: 'Delete',
				value: 'delete',
				description: 'Delete the subscriber (for GDPR erasure requests)',
			},
		],
		default: 'unsubscribe',
		description: 'What a member deleted in Ghost becomes in Campaign Monitor',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [
			listMembershipOption,
			{
				...optionalGhostFieldsOption,
				default: BUNDLED_OPTIONAL_GHOST_FIELDS.map((field) => field.FieldName),
				description:
					'The optional ghost_* fields the workflows write (the setup creates them in the list): by default the lifecycle, engagement and signup fields and the tiers',
			},
			{
				displayName: 'Update Workflows I Edited',
				name: 'updateEdited',
				type: 'boolean',
				default: false,
				description:
					'Whether to replace workflows you changed since the setup made them with the package’s current definitions. Off: they are left as they are and the answer says what differs.',
			},
			{
				displayName: 'Check Delivery From Ghost',
				name: 'probeDelivery',
				type: 'boolean',
				default: true,
				description:
					'Whether Set Up proves that Ghost can deliver to this n8n: it adds a temporary webhook, makes Ghost fire it with a hidden tag it then deletes, and reads what Ghost recorded',
			},
		],
	},
];
