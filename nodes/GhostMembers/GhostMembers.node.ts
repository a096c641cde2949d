import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { forEachItem } from '../common/itemLoop';
import { memberOperations } from './resources/member';
import { memberProperties } from './description';

export class GhostMembers implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Ghost Members',
		name: 'ghostMembers',
		icon: { light: 'file:ghostMembers.svg', dark: 'file:ghostMembers.dark.svg' },
		group: ['input'],
		version: 1,
		subtitle: '={{$parameter["operation"]}}',
		description:
			'Read Ghost members and change their newsletter subscriptions through the Admin API',
		defaults: { name: 'Ghost Members' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'ghostMembersAdminApi', required: true }],
		properties: memberProperties,
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const operationName = this.getNodeParameter('operation', 0) as string;
		const operation = memberOperations[operationName];
		if (!operation)
			throw new NodeOperationError(
				this.getNode(),
				`The operation "${operationName}" is not supported`,
			);
		return await forEachItem.call(this, async (itemIndex, emit) => {
			for (const json of await operation.call(this, itemIndex)) emit(json);
		});
	}
}
