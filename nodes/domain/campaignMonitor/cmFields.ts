/** Campaign Monitor custom field rules (API v3.3). */
export const CM_TEXT_LIMIT = 250;
export const CM_DATE_MIN = '1900-01-01';
export const CM_DATE_MAX = '2076-06-06';

export const CM_DATA_TYPES = [
	'Text',
	'Number',
	'MultiSelectOne',
	'MultiSelectMany',
	'Date',
	'Country',
	'USState',
] as const;
export type CmDataType = (typeof CM_DATA_TYPES)[number];

export interface CmCustomFieldDefinition {
	FieldName: string;
	Key: string;
	DataType: string;
	FieldOptions?: string[];
	VisibleInPreferenceCenter?: boolean;
}

export interface CmCustomFieldValue {
	Key: string;
	Value: string;
	Clear?: boolean;
}

/** CM shows keys as "[website]" in some answers and "website" in others: they are one field. */
export function normaliseFieldKey(key: unknown): string {
	return String(key ?? '')
		.trim()
		.replace(/^\[(.*)\]$/, '$1')
		.trim();
}

export function sameFieldKey(a: unknown, b: unknown): boolean {
	return normaliseFieldKey(a).toLowerCase() === normaliseFieldKey(b).toLowerCase();
}

/** The key CM derives from a field name: spaces removed, case and underscores kept. */
export function keyForFieldName(fieldName: string): string {
	return fieldName.replace(/\s+/g, '');
}

/** YYYY-MM-DD (UTC) inside CM's accepted range, or undefined (CM would silently ignore it). */
export function toCmDate(value: unknown): string | undefined {
	let date: Date | undefined;
	if (value instanceof Date) date = value;
	else if (typeof value === 'number' && Number.isFinite(value)) date = new Date(value);
	else if (typeof value === 'string' && value.trim() !== '') {
		const text = value.trim();
		date = new Date(/^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00Z` : text);
	}
	if (!date || Number.isNaN(date.getTime())) return undefined;
	const day = date.toISOString().slice(0, 10);
	return day >= CM_DATE_MIN && day <= CM_DATE_MAX ? day : undefined;
}

/** Cuts text to the limit without splitting a surrogate pair. */
export function fitText(value: string, limit = CM_TEXT_LIMIT): string {
	if (value.length <= limit) return value;
	let cut = value.slice(0, limit);
	const last = cut.charCodeAt(cut.length - 1);
	if (last >= 0xd800 && last <= 0xdbff) cut = cut.slice(0, -1);
	return cut;
}

/**
 * Joins items into at most `limit` characters, keeping whole items only, in order: a label
 * list loses its last labels rather than ending in half a label.
 */
export function fitList(items: readonly string[], limit = CM_TEXT_LIMIT, separator = ', '): string {
	let out = '';
	for (const raw of items) {
		const item = String(raw).trim();
		if (!item) continue;
		const next = out ? `${out}${separator}${item}` : item;
		if (next.length > limit) continue;
		out = next;
	}
	return out;
}

export interface FieldIssue {
	key: string;
	reason: string;
}

function isEmpty(value: unknown): boolean {
	return (
		value === undefined ||
		value === null ||
		value === '' ||
		(Array.isArray(value) && value.length === 0)
	);
}

function listOf(value: unknown): string[] {
	if (Array.isArray(value)) return value.map((v) => String(v).trim()).filter(Boolean);
	return String(value)
		.split(',')
		.map((v) => v.trim())
		.filter(Boolean);
}

function asText(value: unknown): string {
	if (Array.isArray(value))
		return fitList(value.map((v) => (typeof v === 'object' ? JSON.stringify(v) : String(v))));
	if (typeof value === 'object' && value !== null) return fitText(JSON.stringify(value));
	return fitText(String(value));
}

/**
 * Turns mapped values into CM's CustomFields array, fitted to each field's data type. Values
 * CM would silently drop (unknown key, bad date, non-number) are reported as issues instead.
 */
export function buildCustomFields(
	values: Record<string, unknown>,
	definitions: readonly CmCustomFieldDefinition[],
	options: { clearEmpty?: boolean | readonly string[] } = {},
): { fields: CmCustomFieldValue[]; issues: FieldIssue[] } {
	const fields: CmCustomFieldValue[] = [];
	const issues: FieldIssue[] = [];
	const addOption = (key: string, option: string, definition: CmCustomFieldDefinition) => {
		if (definition.FieldOptions?.length && !definition.FieldOptions.includes(option)) {
			issues.push({ key, reason: `"${fitText(option, 40)}" is not one of the field's options` });
		} else fields.push({ Key: key, Value: option });
	};
	for (const [rawKey, value] of Object.entries(values)) {
		const key = normaliseFieldKey(rawKey);
		const definition = definitions.find(
			(d) => sameFieldKey(d.Key, key) || sameFieldKey(keyForFieldName(d.FieldName), key),
		);
		if (!definition) {
			issues.push({ key, reason: 'the list has no such custom field' });
			continue;
		}
		const fieldKey = normaliseFieldKey(definition.Key);
		if (isEmpty(value)) {
			const clear = Array.isArray(options.clearEmpty)
				? options.clearEmpty.some((k) => sameFieldKey(k, fieldKey))
				: options.clearEmpty === true;
			if (clear) fields.push({ Key: fieldKey, Value: '', Clear: true });
			continue;
		}
		switch (definition.DataType) {
			case 'Date': {
				const day = toCmDate(value);
				if (day) fields.push({ Key: fieldKey, Value: day });
				else
					issues.push({
						key: fieldKey,
						reason: `not a date between ${CM_DATE_MIN} and ${CM_DATE_MAX}`,
					});
				break;
			}
			case 'Number': {
				const n = typeof value === 'number' ? value : Number(String(value).trim());
				if (Number.isFinite(n)) fields.push({ Key: fieldKey, Value: String(n) });
				else issues.push({ key: fieldKey, reason: 'not a number' });
				break;
			}
			case 'MultiSelectMany':
				// CM selects exactly the values sent, one entry per value.
				for (const option of listOf(value)) addOption(fieldKey, option, definition);
				break;
			case 'MultiSelectOne':
				addOption(fieldKey, String(Array.isArray(value) ? value[0] : value).trim(), definition);
				break;
			default:
				fields.push({ Key: fieldKey, Value: asText(value) });
		}
	}
	return { fields, issues };
}
