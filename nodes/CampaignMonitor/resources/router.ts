import type { IDataObject, IExecuteFunctions, INodeExecutionData, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { createOperationContext } from '../helpers';
import { customFieldOperations } from './customField';
import { subscriberOperations } from './subscriber';
import type { BatchOperation, CampaignMonitorOperation, ItemOperation } from './types';

const operations: Record<string, Record<string, CampaignMonitorOperation>> = {
	subscriber: subscriberOperations,
	customField: customFieldOperations,
};

/** Keeps n8n's own errors as they are (both constructors hand back an error of their kind). */
function asNodeError(this: IExecuteFunctions, error: unknown, itemIndex?: number) {
	return error instanceof NodeApiError
		? new NodeApiError(this.getNode(), error as unknown as JsonObject)
		: new NodeOperationError(this.getNode(), error as Error, { itemIndex });
}

function errorJson(error: unknown): IDataObject {
	const e = error as { message?: string; description?: string; httpCode?: string | null };
	return {
		error: e.message ?? String(error),
		description: e.description ?? null,
		httpCode: e.httpCode ?? null,
	};
}

/** The one loop over items: pairs outputs with inputs and applies Continue On Fail. */
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
	const output: INodeExecutionData[] = [];

	if ('executeBatch' in operation) {
		const indexes = items.map((_item, index) => index);
		try {
			const results = await (operation as BatchOperation).executeBatch.call(this, indexes, context);
			for (const { itemIndex, json } of results.sort((a, b) => a.itemIndex - b.itemIndex)) {
				output.push({ json, pairedItem: { item: itemIndex } });
			}
		} catch (error) {
			if (!this.continueOnFail()) throw asNodeError.call(this, error);
			for (const itemIndex of indexes)
				output.push({ json: errorJson(error), pairedItem: { item: itemIndex } });
		}
		return [output];
	}

	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			const result = await (operation as ItemOperation).execute.call(this, itemIndex, context);
			for (const json of Array.isArray(result) ? result : [result])
				output.push({ json, pairedItem: { item: itemIndex } });
		} catch (error) {
			if (this.continueOnFail()) {
				output.push({ json: errorJson(error), pairedItem: { item: itemIndex } });
				continue;
			}
			throw asNodeError.call(this, error, itemIndex);
		}
	}
	return [output];
}
