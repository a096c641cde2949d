import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

/**
 * The one item loop every node of this package uses: outputs paired with their input item,
 * Continue On Fail applied, one error-item shape, and n8n's own errors thrown as they are (a
 * NodeApiError keeps its HTTP code and description).
 */

/**
 * The error item Continue On Fail puts out, the same keys in every node: the message, n8n's
 * description and HTTP code, and the service's own error code (Campaign Monitor's 203, 1, 206 …)
 * when it gave one.
 */
export function errorJson(error: unknown): IDataObject {
	const e = error as {
		message?: string;
		description?: string | null;
		httpCode?: string | null;
		context?: { serviceCode?: unknown };
	};
	const code = e.context?.serviceCode;
	return {
		error: e.message ?? String(error),
		description: e.description ?? null,
		httpCode: e.httpCode ?? null,
		code: typeof code === 'number' || typeof code === 'string' ? code : null,
	};
}

/**
 * A failed item as Continue On Fail puts it out: `errorJson` on the regular output. n8n's error
 * output (On Error: Continue (using error output)) takes an item whose keys are only `error`,
 * `message` and `details`, and merges the input item's JSON in, so the node downstream still has
 * the event that failed.
 */
export function errorItem(
	this: IExecuteFunctions,
	error: unknown,
	itemIndex: number,
): INodeExecutionData {
	const json = errorJson(error);
	if (this.getNode().onError !== 'continueErrorOutput')
		return { json, pairedItem: { item: itemIndex } };
	const { description, httpCode, code } = json;
	return {
		json: { error: json.error, details: { description, httpCode, code } },
		pairedItem: { item: itemIndex },
	};
}

/** n8n's errors unchanged; anything else becomes a NodeOperationError on its item. */
export function asNodeError(
	this: Pick<IExecuteFunctions, 'getNode'>,
	error: unknown,
	itemIndex?: number,
): Error {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	return new NodeOperationError(
		this.getNode(),
		error as Error,
		itemIndex === undefined ? {} : { itemIndex },
	);
}

/** `emit(json, output)`: one output item for the current input item, on output `output` (default 0). */
export type Emit = (json: IDataObject, output?: number) => void;

/** Runs `handle` per input item; a failed item becomes an error item on output 0 under Continue On Fail. */
export async function forEachItem(
	this: IExecuteFunctions,
	handle: (itemIndex: number, emit: Emit) => Promise<void>,
	outputs = 1,
): Promise<INodeExecutionData[][]> {
	const result: INodeExecutionData[][] = Array.from({ length: outputs }, () => []);
	const items = this.getInputData();
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			await handle(itemIndex, (json, output = 0) =>
				result[output].push({ json, pairedItem: { item: itemIndex } }),
			);
		} catch (error) {
			if (!this.continueOnFail()) throw asNodeError.call(this, error, itemIndex);
			result[0].push(errorItem.call(this, error, itemIndex));
		}
	}
	return result;
}

/**
 * Runs one call for several input items at once (a bulk import, a list-wide sync). Its results name
 * their item; when it fails under Continue On Fail, each of `itemIndexes` gets the error item.
 */
export async function forItemsTogether(
	this: IExecuteFunctions,
	itemIndexes: number[],
	handle: () => Promise<Array<{ itemIndex: number; json: IDataObject }>>,
): Promise<INodeExecutionData[]> {
	try {
		const results = await handle();
		return results
			.sort((a, b) => a.itemIndex - b.itemIndex)
			.map(({ itemIndex, json }) => ({ json, pairedItem: { item: itemIndex } }));
	} catch (error) {
		if (!this.continueOnFail()) throw asNodeError.call(this, error);
		return itemIndexes.map((itemIndex) => errorItem.call(this, error, itemIndex));
	}
}

/**
 * A node's whole run. When something fails outside the per-item loop (a batch read before it),
 * under Continue On Fail every input item gets the error item: left to n8n, a node that throws
 * passes its input items on unchanged, on the regular output even when an error output is set.
 */
export async function everyItemAnswered(
	this: IExecuteFunctions,
	run: () => Promise<INodeExecutionData[][]>,
): Promise<INodeExecutionData[][]> {
	try {
		return await run();
	} catch (error) {
		if (!this.continueOnFail()) throw asNodeError.call(this, error);
		return [this.getInputData().map((_item, itemIndex) => errorItem.call(this, error, itemIndex))];
	}
}
