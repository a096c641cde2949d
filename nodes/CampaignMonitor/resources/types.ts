import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { OperationContext } from '../operationContext';

/**
 * What a write did to Campaign Monitor, put on each item as `outcome`: `written` (the call
 * changed or set the subscriber or field), `unchanged` (nothing to do: an address not in the list
 * unsubscribed, fields that exist already), `skipped` (the item was not sent: no address, the
 * same address earlier in the batch). A failed item is an error item instead, with Campaign
 * Monitor's `code` and its message. Reads carry no outcome.
 */
export type OutcomeKind = 'written' | 'unchanged' | 'skipped';

/** How an operation tells what each of its results did (absent: a read). */
export type Classify = (json: IDataObject) => OutcomeKind | { code: number; message: string };

/** An operation run once per input item (the router makes its outcomes). */
export interface ItemOperation {
	description: INodeProperties[];
	classify?: Classify;
	execute(
		this: IExecuteFunctions,
		itemIndex: number,
		context: OperationContext,
	): Promise<IDataObject | IDataObject[]>;
}

export interface BatchResult {
	itemIndex: number;
	json: IDataObject;
}

/** An operation that handles many items in few calls (bulk import). */
export interface BatchOperation {
	description: INodeProperties[];
	classify?: Classify;
	executeBatch(
		this: IExecuteFunctions,
		itemIndexes: number[],
		context: OperationContext,
	): Promise<BatchResult[]>;
}

/**
 * What became of one input item: its JSON, or its error. The router reduces every operation to
 * these, so Continue On Fail and the error output behave the same in each.
 */
export type ItemOutcome =
	| { itemIndex: number; json: IDataObject; kind?: OutcomeKind }
	| { itemIndex: number; error: unknown };

/** An operation that writes many items in few calls but answers, and fails, item by item. */
export interface ItemsOperation {
	description: INodeProperties[];
	classify?: Classify;
	executeItems(
		this: IExecuteFunctions,
		itemIndexes: number[],
		context: OperationContext,
	): Promise<ItemOutcome[]>;
}

export type CampaignMonitorOperation = ItemOperation | BatchOperation | ItemsOperation;

/** Writes `show` once for every field of an operation (as n8n's updateDisplayOptions does). */
export function showFor(
	resource: string,
	operation: string,
	fields: INodeProperties[],
): INodeProperties[] {
	return fields.map((field) => ({
		...field,
		displayOptions: {
			...field.displayOptions,
			show: { ...field.displayOptions?.show, resource: [resource], operation: [operation] },
		},
	}));
}
