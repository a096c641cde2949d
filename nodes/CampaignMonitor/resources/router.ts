import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { asNodeError, errorItem } from '../../common/itemLoop';
import { throwCmApiError } from '../../transport/campaignMonitor';
import { createOperationContext } from '../operationContext';
import { customFieldOperations } from './customField';
import { subscriberOperations } from './subscriber';
import type {
	BatchOperation,
	CampaignMonitorOperation,
	ItemOperation,
	ItemOutcome,
	ItemsOperation,
} from './types';

/**
 * Each result with what it did (`outcome`), or, when the operation says the item failed (an
 * address an import refused), the item's error with Campaign Monitor's code.
 */
function classified(
	this: IExecuteFunctions,
	operation: CampaignMonitorOperation,
	outcomes: ItemOutcome[],
): ItemOutcome[] {
	const { classify } = operation;
	if (!classify) return outcomes;
	return outcomes.map((outcome) => {
		if ('error' in outcome) return outcome;
		const kind = outcome.kind ?? classify(outcome.json);
		if (typeof kind === 'string')
			return { ...outcome, kind, json: { ...outcome.json, outcome: kind } };
		// The same error (message, hint, code) as Campaign Monitor refusing the item on its own.
		let error: unknown;
		try {
			throwCmApiError.call(
				this,
				400,
				{ Code: kind.code, Message: kind.message },
				'',
				outcome.itemIndex,
			);
		} catch (refused) {
			error = refused;
		}
		return { itemIndex: outcome.itemIndex, error };
	});
}

const operations: Record<string, Record<string, CampaignMonitorOperation>> = {
	subscriber: subscriberOperations,
	customField: customFieldOperations,
};

/**
 * Every operation as one contract: an outcome (its JSON, or its error) per input item. A per-item
 * operation stops at its first failure unless the node continues on fail, as n8n's nodes do; a
 * batch call that fails fails each of its items.
 */
function outcomesOf(operation: CampaignMonitorOperation): ItemsOperation['executeItems'] {
	if ('executeItems' in operation) return operation.executeItems;
	if ('executeBatch' in operation) {
		const batch = operation as BatchOperation;
		return async function (this: IExecuteFunctions, itemIndexes, context) {
			try {
				return await batch.executeBatch.call(this, itemIndexes, context);
			} catch (error) {
				return itemIndexes.map((itemIndex) => ({ itemIndex, error }));
			}
		};
	}
	const single = operation as ItemOperation;
	return async function (this: IExecuteFunctions, itemIndexes, context) {
		const outcomes: ItemOutcome[] = [];
		for (const itemIndex of itemIndexes) {
			try {
				const result = await single.execute.call(this, itemIndex, context);
				for (const json of Array.isArray(result) ? result : [result])
					outcomes.push({ itemIndex, json });
			} catch (error) {
				outcomes.push({ itemIndex, error });
				if (!this.continueOnFail()) break;
			}
		}
		return outcomes;
	};
}

/** Picks the operation and puts out its outcomes, each paired with its input item. */
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
	const outcomes = classified.call(
		this,
		operation,
		await outcomesOf(operation).call(
			this,
			items.map((_item, index) => index),
			context,
		),
	);
	// Stable: an item with several results (Get Many) keeps their order.
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
