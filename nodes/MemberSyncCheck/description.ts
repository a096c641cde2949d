import type { INodeProperties } from 'n8n-workflow';

export const syncCheckProperties: INodeProperties[] = [
	{
		displayName:
			'Place it after the Campaign Monitor write. It reads the member from Ghost again; when Ghost changed the member while the write was under way, the item leaves by Ghost Changed: connect that output back to Member Status Diff, which reads the member again.',
		name: 'notice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Synced Item',
		name: 'syncedItem',
		type: 'json',
		default: "={{ $('Member Status Diff').item.json }}",
		required: true,
		description:
			'The item Member Status Diff (with Read Member From Ghost on) put out for this write',
	},
	{
		displayName: 'Max Passes',
		name: 'maxPasses',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 3,
		description:
			'How many times one event may go round before the execution fails (and lands in the dead letters for replay)',
	},
];
