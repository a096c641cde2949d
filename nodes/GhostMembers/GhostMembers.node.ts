import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { everyItemAnswered } from '../helpers/itemLoop';
import { routeOperation } from '../helpers/operations/router';
import { memberOperations, memberProperties } from './resources/member';

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
		// The one recipe (common/operations): a member resource without a Resource parameter.
		return await everyItemAnswered.call(
			this,
			async () =>
				await routeOperation.call(
					this,
					{ member: memberOperations },
					{
						resource: 'member',
						context: () => undefined,
					},
				),
		);
	}
}
