import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { asNodeError, errorItem, forEachItem, forItemsTogether } from '../../common/itemLoop';
import { createOperationContext } from '../operationContext';
import { customFieldOperations } from './customField';
import { subscriberOperations } from './subscriber';
import type {
	BatchOperation,
	CampaignMonitorOperation,
	ItemOperation,
	ItemsOperation,
} from './types';

const operations: Record<string, Record<string, CampaignMonitorOperation>> = {
	subscriber: subscriberOperations,
	customField: customFieldOperations,
};

/** Picks the operation; the shared item loop pairs outputs with inputs and applies Continue On Fail. */
export async function route(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const resource = this.getNodeParameter('resource', 0) as string;
	const operationName = this.getNodeParameter('operation', 0) as string;
	const operation = operations[resource]?.[operationName];
	if (!operation) {
		throw new NodeOperationError(
			this.getNode(),
			`The operation "${operationName}" is not supported for "${resource}"`,
		);
	}
	const context = createOperationContext.call(this, items);

	if ('executeItems' in operation) {
		// Written together, answered item by item: one failed address fails only its item.
		const outcomes = await (operation as ItemsOperation).executeItems.call(
			this,
			items.map((_item, index) => index),
			context,
		);
		outcomes.sort((a, b) => a.itemIndex - b.itemIndex);
		const failed = outcomes.find((outcome) => 'error' in outcome);
		if (failed && 'error' in failed && !this.continueOnFail())
			throw asNodeError.call(this, failed.error, failed.itemIndex);
		return [
			outcomes.map((outcome) =>
				'error' in outcome
					? errorItem.call(this, outcome.error, outcome.itemIndex)
					: { json: outcome.json, pairedItem: { item: outcome.itemIndex } },
			),
		];
	}
	if ('executeBatch' in operation) {
		const indexes = items.map((_item, index) => index);
		const batch = operation as BatchOperation;
		return [
			await forItemsTogether.call(
				this,
				indexes,
				async () => await batch.executeBatch.call(this, indexes, context),
			),
		];
	}
	return await forEachItem.call(this, async (itemIndex, emit) => {
		const result = await (operation as ItemOperation).execute.call(this, itemIndex, context);
		for (const json of Array.isArray(result) ? result : [result]) emit(json);
	});
}
