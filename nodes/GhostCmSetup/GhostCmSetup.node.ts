import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { cmListSearch } from '../helpers/campaignMonitorList';
import { assertN8nTwoOrLater } from '../helpers/requiresN8nTwo';
import { CM_CREDENTIAL } from '../transport/campaignMonitor';
import { GHOST_CREDENTIAL } from '../transport/ghost';
import { N8N_API_CREDENTIAL } from '../transport/n8nApi';
import { setupProperties } from './description';
import { readSetupInput } from './input';
import { runSetup } from './runSetup';

/**
 * One site from "package installed" to syncing: the custom fields, the workflows with the
 * credentials, list and error workflow set, published through n8n's API. Run from the editor.
 */
export class GhostCmSetup implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Ghost → Campaign Monitor Setup',
		name: 'ghostCmSetup',
		icon: { light: 'file:ghostCmSetup.svg', dark: 'file:ghostCmSetup.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ $parameter["operation"] === "setUp" ? "set up" : "preview" }}',
		description:
			'Sets up a Ghost site’s sync with a Campaign Monitor list in one step, and brings it up to date after an update',
		defaults: { name: 'Ghost → Campaign Monitor Setup' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{ name: GHOST_CREDENTIAL, required: true },
			{ name: CM_CREDENTIAL, required: true },
			{ name: N8N_API_CREDENTIAL, required: true },
		],
		properties: setupProperties,
	};

	methods = {
		listSearch: cmListSearch,
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		assertN8nTwoOrLater(this.getNode());
		// It creates and publishes workflows: only a person running it from the editor may.
		if (this.getMode() !== 'manual')
			throw new NodeOperationError(
				this.getNode(),
				'The setup runs only from the editor (Execute step or Execute workflow)',
			);
		const results = await runSetup.call(this, readSetupInput.call(this));
		return [results.map((json) => ({ json, pairedItem: { item: 0 } }))];
	}
}
