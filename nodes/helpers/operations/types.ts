import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

/**
 * The one recipe for a resource node's operation (the Campaign Monitor and Ghost Members nodes):
 * one file per operation exporting its `description` and one of three execute shapes, gathered in
 * a resource → operation map, dispatched by the one router (router.ts), which owns pairing,
 * Continue On Fail and the error output. The Operation select and the fields below it are built
 * from the map, so adding an operation is one file and one map entry.
 */

/**
 * What a write did, put on each item as `outcome`: `written` (the call changed or set
 * something), `unchanged` (nothing to do), `skipped` (the item was not sent). A failed item is an
 * error item instead, with the service's code and message. Reads carry no outcome.
 */
export type OutcomeKind = 'written' | 'unchanged' | 'skipped';

/** How an operation tells what each of its results did (absent: a read). */
export type Classify = (json: IDataObject) => OutcomeKind | { code: number; message: string };

/** How an operation shows in the Operation select; its value is its key in the map. */
export interface OperationOption {
	name: string;
	action: string;
	description: string;
}

/** An operation run once per input item (the router makes its outcomes). */
export interface ItemOperation<Context> {
	option: OperationOption;
	description: INodeProperties[];
	classify?: Classify;
	execute(
		this: IExecuteFunctions,
		itemIndex: number,
		context: Context,
	): Promise<IDataObject | IDataObject[]>;
}

export interface BatchResult {
	itemIndex: number;
	json: IDataObject;
}

/** An operation that handles many items in few calls (bulk import). */
export interface BatchOperation<Context> {
	option: OperationOption;
	description: INodeProperties[];
	classify?: Classify;
	executeBatch(
		this: IExecuteFunctions,
		itemIndexes: number[],
		context: Context,
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
export interface ItemsOperation<Context> {
	option: OperationOption;
	description: INodeProperties[];
	classify?: Classify;
	executeItems(
		this: IExecuteFunctions,
		itemIndexes: number[],
		context: Context,
	): Promise<ItemOutcome[]>;
}

export type Operation<Context> =
	| ItemOperation<Context>
	| BatchOperation<Context>
	| ItemsOperation<Context>;

/** A node's operations: resource → operation name → operation. */
export type OperationMap<Context> = Record<string, Record<string, Operation<Context>>>;

/**
 * Writes `show` once for every field of an operation (as n8n's updateDisplayOptions does); the
 * resource only for nodes that have a Resource parameter.
 */
export function showFor(
	resource: string | undefined,
	operation: string,
	fields: INodeProperties[],
): INodeProperties[] {
	return fields.map((field) => ({
		...field,
		displayOptions: {
			...field.displayOptions,
			show: {
				...field.displayOptions?.show,
				...(resource ? { resource: [resource] } : {}),
				operation: [operation],
			},
		},
	}));
}

/** The Operation select of one resource, from its operations' own options, by name. */
export function operationSelect<Context>(
	operations: Record<string, Operation<Context>>,
	defaultOperation: string,
	resource?: string,
): INodeProperties {
	return {
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		...(resource ? { displayOptions: { show: { resource: [resource] } } } : {}),
		options: Object.entries(operations)
			.map(([value, { option }]) => ({
				name: option.name,
				value,
				action: option.action,
				description: option.description,
			}))
			.sort((a, b) => a.name.localeCompare(b.name)),
		default: defaultOperation,
	};
}

/** Every operation's own fields, each shown for its operation alone. */
export function operationFields<Context>(
	operations: Record<string, Operation<Context>>,
): INodeProperties[] {
	return Object.values(operations).flatMap((operation) => operation.description);
}
