import type { INodeProperties } from 'n8n-workflow';

import { listLocator } from '../helpers/campaignMonitorList';

export const triggerProperties: INodeProperties[] = [
	{
		displayName: 'Webhook Setup',
		name: 'webhookSetup',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Automatic',
				value: 'automatic',
				description:
					'Add the webhooks to Ghost through the Admin API when the workflow is published, and remove them when it is unpublished',
			},
			{
				name: 'Manual',
				value: 'manual',
				description: 'You add the webhooks in Ghost Admin yourself, with a secret',
			},
		],
		default: 'automatic',
	},
	{
		displayName:
			'In Ghost Admin → Settings → Integrations → your custom integration, add one webhook per event with the Production URL above followed by <code>?event=member.added</code> (or member.edited, member.deleted), and the same secret as in the credential.',
		name: 'manualNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { webhookSetup: ['manual'] } },
	},
	{
		displayName: 'Events',
		name: 'events',
		type: 'multiOptions',
		required: true,
		options: [
			{
				name: 'Member Added',
				value: 'member.added',
				description: 'A member signed up or was added',
			},
			{
				name: 'Member Deleted',
				value: 'member.deleted',
				description: 'A member was deleted',
			},
			{
				name: 'Member Edited',
				value: 'member.edited',
				description:
					'A member changed: status, email, name, labels, newsletters (Ghost Admin calls it "Member updated")',
			},
		],
		default: ['member.added', 'member.edited', 'member.deleted'],
	},
	{
		...listLocator,
		displayName: 'Campaign Monitor List',
		description:
			'The list this site syncs to. Publishing checks that this Campaign Monitor credential can see it, creates the ghost_* fields it lacks, and refuses a list or a Ghost site another published site sync already has.',
		displayOptions: { show: { '@version': [{ _cnd: { gte: 2 } }] } },
	},
	{
		displayName: 'Site Name',
		name: 'site',
		type: 'string',
		default: '',
		placeholder: 'my-publication',
		description:
			'A name for this Ghost site, put on every item so several sites can share one Campaign Monitor setup. Empty: the host name of the site URL (automatic) or "ghost" (manual).',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [
			{
				displayName: 'Batch Window (Ms)',
				name: 'batchWindowMs',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 250,
				description:
					'During a burst, events that arrive within this time of the last execution start one execution together (one item each), so a signup wave costs a few executions, not thousands. An event after a quiet spell starts at once. 0: one execution per event.',
			},
			{
				displayName: 'Keep Activity-Only Edits',
				name: 'keepActivityOnlyEdits',
				type: 'boolean',
				default: false,
				description:
					'Whether to also start the workflow for edits that only touch activity fields (last seen, geolocation, newsletter open counts)',
			},
			{
				displayName: 'Signature Max Age (Seconds)',
				name: 'maxAgeSeconds',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 300,
				description: 'Requests signed longer ago than this are refused as replays',
			},
			{
				displayName: 'Max Events per Execution',
				name: 'maxBatchSize',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 1000 },
				default: 100,
				description:
					'A batch starts as soon as this many events wait, before its window ends (Ghost reads 100 members per request)',
			},
		],
	},
];
