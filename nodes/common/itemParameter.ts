import type { IDataObject, IExecuteFunctions, IGetNodeParameterOptions } from 'n8n-workflow';

import { resolveWithoutEngine } from '../shared/plainReference';

const isLocator = (value: unknown): value is { __rl: true; value: unknown } =>
	typeof value === 'object' && value !== null && (value as IDataObject).__rl === true;

/**
 * getNodeParameter for a per-item string parameter, reading a literal or a plain
 * `={{ $json.… }}` reference straight from the item (see nodes/shared/plainReference.ts);
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
	const json = this.getInputData()[itemIndex]?.json;
	if (options?.extractValue ? isLocator(raw) && raw.value !== undefined : !isLocator(raw)) {
		const read = resolveWithoutEngine(
			options?.extractValue ? (raw as IDataObject).value : raw,
			json,
		);
		if (read && (typeof read.value !== 'object' || read.value === null)) return read.value;
	}
	return this.getNodeParameter(name, itemIndex, fallback, options);
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
		if (!read || (typeof read.value === 'object' && read.value !== null)) return undefined;
		values[key] = read.value as IDataObject[string];
	}
	return values;
}
