import type { IDataObject, IExecuteFunctions, IGetNodeParameterOptions } from 'n8n-workflow';

import { resolveWithoutEngine } from './plainReference';
import { isLocator } from './storedParameters';

/**
 * getNodeParameter for a per-item string parameter, reading a literal or a plain
 * `={{ $json.… }}` reference straight from the item (see nodes/helpers/plainReference.ts);
 * every other expression goes through n8n's engine as before.
 */
export function itemParameter(
	this: IExecuteFunctions,
	name: string,
	itemIndex: number,
	fallback: unknown,
	options?: IGetNodeParameterOptions,
): unknown {
	const raw = this.getNodeParameter(name, itemIndex, fallback, { rawExpressions: true });
	// With extractValue only a locator's value is read here; without it, only a value that is not one.
	let candidate: unknown;
	if (isLocator(raw)) candidate = options?.extractValue ? raw.value : undefined;
	else candidate = options?.extractValue ? undefined : raw;
	const read = resolveWithoutEngine(candidate, this.getInputData()[itemIndex]?.json);
	return read ? read.value : this.getNodeParameter(name, itemIndex, fallback, options);
}

/**
 * A resource mapper's values for an item: read without n8n's engine when every value is a
 * literal or a plain reference the item has; otherwise the whole mapper is evaluated by n8n.
 */
export function mapperValuesWithoutEngine(
	rawValues: IDataObject | null | undefined,
	json: unknown,
): IDataObject | undefined {
	const values: IDataObject = {};
	for (const [key, raw] of Object.entries(rawValues ?? {})) {
		const read = resolveWithoutEngine(raw, json);
		if (!read) return undefined;
		values[key] = read.value as IDataObject[string];
	}
	return values;
}
