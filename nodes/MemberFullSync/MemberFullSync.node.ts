import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import type { CatchUpState } from '../domain/sync/catchUp';
import { reportsOnly } from '../domain/sync/fullSyncPlan';
import { cmListSearch, listIdOf, requestLimitsOf } from '../helpers/campaignMonitorList';
import type { FullSyncSettings } from '../helpers/fullSync/run';
import { runSync } from '../helpers/fullSync/run';
import { forItemsTogether } from '../helpers/itemLoop';
import { assertN8nTwoOrLater } from '../helpers/requiresN8nTwo';
import { fullSyncProperties } from './description';

/** The run as the node's parameters (those of the first item) describe it. */
function settingsOf(this: IExecuteFunctions): FullSyncSettings {
	const scope = this.getNodeParameter('scope', 0, 'all') === 'changed' ? 'changed' : 'all';
	return {
		listId: listIdOf.call(this, 0),
		// Version 1: a switch; from 2: by the run's mode (a run by hand only reports, by default).
		dryRun:
			this.getNode().typeVersion >= 2
				? reportsOnly(this.getNodeParameter('dryRunMode', 0, 'whenRunByHand'), this.getMode())
				: (this.getNodeParameter('dryRun', 0, true) as boolean),
		scope,
		options: this.getNodeParameter('options', 0, {}) as IDataObject,
		limits: requestLimitsOf.call(this, 0),
		catchUpState:
			scope === 'changed' ? (this.getWorkflowStaticData('node') as CatchUpState) : undefined,
		workflowId: String(this.getWorkflow().id ?? ''),
	};
}

export class MemberFullSync implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Member Full Sync',
		name: 'memberFullSync',
		icon: { light: 'file:fullSync.svg', dark: 'file:fullSync.dark.svg' },
		group: ['transform'],
		// 2: Dry Run says when (by default a run by hand reports, a scheduled run applies).
		version: [1, 2],
		defaultVersion: 2,
		usableAsTool: true,
		subtitle:
			'={{ ($parameter["scope"] === "changed" ? "catch-up, " : "") + ($parameter["dryRunMode"] === "never" || $parameter["dryRun"] === false ? "apply" : $parameter["dryRunMode"] === "whenRunByHand" ? "dry run by hand" : "dry run") }}',
		description:
			'Compares all Ghost members with a Campaign Monitor list and plans or applies the difference in bulk',
		defaults: { name: 'Member Full Sync' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{ name: 'ghostMembersAdminApi', required: true },
			{ name: 'campaignMonitorApi', required: true },
		],
		properties: fullSyncProperties,
	};

	methods = {
		listSearch: cmListSearch,
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		assertN8nTwoOrLater(this.getNode());
		// One run per execution, whatever the number of input items: the sync is list-wide, so its
		// rows (and, under Continue On Fail, its error) belong to the first item.
		return [
			await forItemsTogether.call(this, [0], async () =>
				(await runSync.call(this, settingsOf.call(this))).map((json) => ({ itemIndex: 0, json })),
			),
		];
	}
}
