import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { forEachItem } from '../helpers/itemLoop';
import { getN8nExecution, N8N_API_CREDENTIAL } from '../transport/n8nApi';

/**
 * What the dead-letter and replay workflows ask of n8n itself, with the package's own n8n API
 * credential (a community package may not use n8n's built-in one): a failed execution with its
 * run data, from which they read the events that failed.
 */
export class GhostCmDeadLetters implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Ghost → Campaign Monitor Dead Letters',
		name: 'ghostCmDeadLetters',
		icon: { light: 'file:deadLetters.svg', dark: 'file:deadLetters.dark.svg' },
		group: ['input'],
		version: 1,
		subtitle: '={{$parameter["operation"]}}',
		description: 'Reads the executions the dead-letter and replay workflows record and replay',
		defaults: { name: 'Failed Execution' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: N8N_API_CREDENTIAL, required: true }],
		properties: [
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				options: [
					{
						name: 'Get Failed Execution',
						value: 'getFailedExecution',
						action: 'Get a failed execution',
						description:
							'Read an execution with its run data (the events that failed are in its trigger’s output)',
					},
				],
				default: 'getFailedExecution',
			},
			{
				displayName: 'Execution ID',
				name: 'executionId',
				type: 'string',
				default: '',
				required: true,
				description: 'The failed execution, as the Error Trigger reports it',
			},
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await forEachItem.call(this, async (itemIndex, emit) => {
			const id = String(this.getNodeParameter('executionId', itemIndex, '')).trim();
			const execution = await getN8nExecution.call(this, id, itemIndex);
			if (!execution)
				throw new NodeOperationError(this.getNode(), `n8n has no execution ${id} any more`, {
					itemIndex,
					description:
						'n8n prunes old executions (EXECUTIONS_DATA_MAX_AGE): a dead letter older than that cannot be replayed from it.',
				});
			emit(execution);
		});
	}
}
