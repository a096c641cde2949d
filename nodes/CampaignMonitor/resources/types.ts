import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { OperationContext } from '../operationContext';

/** An operation run once per input item (the router makes its outcomes). */
export interface ItemOperation {
	description: INodeProperties[];
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
	| { itemIndex: number; json: IDataObject }
	| { itemIndex: number; error: unknown };

/** An operation that writes many items in few calls but answers, and fails, item by item. */
export interface ItemsOperation {
	description: INodeProperties[];
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
