import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { asNodeError, errorItem } from '../itemLoop';
import type {
	BatchOperation,
	ItemOperation,
	ItemOutcome,
	ItemsOperation,
	Operation,
	OperationMap,
} from './types';

/**
 * Every operation as one contract: an outcome (its JSON, or its error) per input item. A per-item
 * operation stops at its first failure unless the node continues on fail, as n8n's nodes do; a
 * batch call that fails fails each of its items.
 */
function outcomesOf<Context>(
	operation: Operation<Context>,
): ItemsOperation<Context>['executeItems'] {
	if ('executeItems' in operation) return operation.executeItems;
	if ('executeBatch' in operation) {
		const batch = operation as BatchOperation<Context>;
		return async function (this: IExecuteFunctions, itemIndexes, context) {
			try {
				return await batch.executeBatch.call(this, itemIndexes, context);
			} catch (error) {
				return itemIndexes.map((itemIndex) => ({ itemIndex, error }));
			}
		};
	}
	const single = operation as ItemOperation<Context>;
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

/**
 * Each result with what it did (`outcome`), or, when the operation says the item failed (an
 * address an import refused), the error `refusal` makes for it (the service's own error).
 */
function classified(
	operation: Operation<unknown>,
	outcomes: ItemOutcome[],
	refusal: (code: number, message: string, itemIndex: number) => Error,
): ItemOutcome[] {
	const { classify } = operation;
	if (!classify) return outcomes;
	return outcomes.map((outcome) => {
		if ('error' in outcome) return outcome;
		const kind = outcome.kind ?? classify(outcome.json);
		if (typeof kind === 'string')
			return { ...outcome, kind, json: { ...outcome.json, outcome: kind } };
		return {
			itemIndex: outcome.itemIndex,
			error: refusal(kind.code, kind.message, outcome.itemIndex),
		};
	});
}

/**
 * Picks the operation (the Resource and Operation parameters of the first item) and puts out
 * its outcomes, each paired with its input item; a failure under Continue On Fail is an error
 * item (on the error output when the node has one), otherwise the node's error.
 */
export async function routeOperation<Context>(
	this: IExecuteFunctions,
	operations: OperationMap<Context>,
	options: {
		/** The resource, for nodes without a Resource parameter. */
		resource?: string;
		context: (items: INodeExecutionData[]) => Context;
		refusal?: (code: number, message: string, itemIndex: number) => Error;
	},
): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const resource = options.resource ?? (this.getNodeParameter('resource', 0) as string);
	const operationName = this.getNodeParameter('operation', 0) as string;
	const operation = operations[resource]?.[operationName];
	if (!operation) {
		throw new NodeOperationError(
			this.getNode(),
			`The operation "${operationName}" is not supported for "${resource}"`,
		);
	}
	const refusal =
		options.refusal ??
		((code: number, message: string, itemIndex: number) =>
			new NodeOperationError(this.getNode(), `${message} (code ${code})`, { itemIndex }));
	const outcomes = classified(
		operation as Operation<unknown>,
		await outcomesOf(operation).call(
			this,
			items.map((_item, index) => index),
			options.context(items),
		),
		refusal,
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
