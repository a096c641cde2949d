import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { cmListSearch } from '../helpers/campaignMonitorList';
import { everyItemAnswered } from '../helpers/itemLoop';
import { GHOST_CREDENTIAL } from '../transport/ghost';
import { statusDiffProperties } from './description';
import { diffEvents } from './diffEvents';

export class MemberStatusDiff implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Member Status Diff',
		name: 'memberStatusDiff',
		icon: { light: 'file:statusDiff.svg', dark: 'file:statusDiff.dark.svg' },
		group: ['transform'],
		version: 1,
		usableAsTool: true,
		subtitle: '={{$parameter["routing"] === "split" ? "changed / unchanged" : "status changed?"}}',
		description:
			'Tells whether a Ghost member’s status (free, paid, comped…) changed, from what and since when',
		defaults: { name: 'Member Status Diff' },
		inputs: [NodeConnectionTypes.Main],
		outputs: `={{ $parameter["routing"] === "split" ? [{ "type": "${NodeConnectionTypes.Main}", "displayName": "Changed" }, { "type": "${NodeConnectionTypes.Main}", "displayName": "Unchanged" }] : ["${NodeConnectionTypes.Main}"] }}`,
		credentials: [
			{
				name: 'campaignMonitorApi',
				required: true,
				displayOptions: { show: { campaignMonitorLookup: [true] } },
			},
			{
				name: GHOST_CREDENTIAL,
				required: true,
				displayOptions: { show: { readFromGhost: [true] } },
			},
		],
		properties: statusDiffProperties,
	};

	methods = {
		listSearch: cmListSearch,
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await everyItemAnswered.call(this, async () => await diffEvents.call(this));
	}
}
