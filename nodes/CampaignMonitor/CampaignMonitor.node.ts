import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import {
	clientLocator,
	cmListSearch,
	listLocator,
	requestOptions,
} from '../helpers/campaignMonitorList';
import { getCustomFieldColumns } from './methods/getCustomFieldColumns';
import { customFieldFields, customFieldOperationField } from './resources/customField';
import { route } from './resources/router';
import { everyItemAnswered } from '../helpers/itemLoop';
import { subscriberFields, subscriberOperationField } from './resources/subscriber';

export class CampaignMonitor implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Campaign Monitor',
		name: 'campaignMonitor',
		icon: { light: 'file:campaignMonitor.svg', dark: 'file:campaignMonitor.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description:
			'Add, update, rename, unsubscribe and import Campaign Monitor subscribers, and manage custom fields',
		defaults: { name: 'Campaign Monitor' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'campaignMonitorApi', required: true }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Custom Field', value: 'customField' },
					{ name: 'Subscriber', value: 'subscriber' },
				],
				default: 'subscriber',
			},
			subscriberOperationField,
			customFieldOperationField,
			clientLocator,
			listLocator,
			...subscriberFields,
			...customFieldFields,
			requestOptions,
		],
	};

	methods = {
		listSearch: cmListSearch,
		resourceMapping: { getCustomFieldColumns },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await everyItemAnswered.call(this, async () => await route.call(this));
	}
}
