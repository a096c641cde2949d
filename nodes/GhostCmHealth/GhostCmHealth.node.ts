import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { everyItemAnswered } from '../helpers/itemLoop';
import { routeOperation } from '../helpers/operations/router';
import { CM_CREDENTIAL } from '../transport/campaignMonitor';
import { GHOST_CREDENTIAL } from '../transport/ghost';
import { N8N_API_CREDENTIAL } from '../transport/n8nApi';
import { healthOperations, healthProperties } from './operations';

/**
 * Is it working, and why is this reader where they are: one site's delivery paths (checked and
 * repaired), its health report, and the reader lookup. The site is the one whose Ghost
 * credential the node has; its workflows are found in n8n through the setup's API credential.
 */
export class GhostCmHealth implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Ghost → Campaign Monitor Health',
		name: 'ghostCmHealth',
		icon: { light: 'file:health.svg', dark: 'file:health.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"]}}',
		description:
			'Checks and repairs a site’s delivery paths, reports its health, and looks up why a reader is (not) in Campaign Monitor',
		defaults: { name: 'Ghost → Campaign Monitor Health' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{ name: GHOST_CREDENTIAL, required: true },
			{ name: CM_CREDENTIAL, required: true },
			{ name: N8N_API_CREDENTIAL, required: true },
		],
		properties: healthProperties,
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await everyItemAnswered.call(
			this,
			async () =>
				await routeOperation.call(this, healthOperations, {
					resource: 'site',
					context: () => undefined,
				}),
		);
	}
}
