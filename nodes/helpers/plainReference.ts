/**
 * `={{ $json.a.b }}` and nothing else: a plain reference to a value of the item's own JSON.
 *
 * n8n evaluates every expression in its sandboxed engine, which costs about half a millisecond
 * per evaluation; the bundled site sync's mapper has one per field per member, and that was half
 * of n8n's CPU time under load. A plain reference whose whole path exists and ends in a string,
 * number, boolean or null has exactly one possible value, so it is read from the item instead;
 * anything else (another node's data, a default with `||`, a method call, a missing step, an object)
 * is left to n8n's engine, so its answer and its errors stay n8n's.
 */
const PLAIN_REFERENCE = /^=\{\{\s*\$json((?:\.[A-Za-z_$][\w$]*)+)\s*\}\}$/;
const OFF_LIMITS = new Set(['__proto__', 'prototype', 'constructor']);

/** undefined: the last key is missing, which n8n's engine answers with undefined too. */
export type PlainValue = string | number | boolean | null | undefined;

/** The path of a plain `$json` reference, or undefined for any other expression or value. */
export function plainReferencePath(expression: unknown): string[] | undefined {
	if (typeof expression !== 'string') return undefined;
	const match = PLAIN_REFERENCE.exec(expression);
	if (!match) return undefined;
	const path = match[1].slice(1).split('.');
	return path.some((key) => OFF_LIMITS.has(key)) ? undefined : path;
}

/** The value a plain reference has in this JSON: every step but the last must exist, and it must end in a primitive. */
export function readPlainReference(
	json: unknown,
	path: readonly string[],
): { value: PlainValue } | undefined {
	let current: unknown = json;
	for (const [step, key] of path.entries()) {
		if (current === null || typeof current !== 'object' || Array.isArray(current)) return undefined;
		if (!Object.prototype.hasOwnProperty.call(current, key)) {
			// A field the item lacks (a free member's trial end): undefined, as the engine says.
			// An inherited name (toString) or a missing step before the last is the engine's to answer.
			return step === path.length - 1 && !(key in current) ? { value: undefined } : undefined;
		}
		current = (current as Record<string, unknown>)[key];
	}
	if (
		current === null ||
		typeof current === 'string' ||
		typeof current === 'boolean' ||
		(typeof current === 'number' && Number.isFinite(current))
	)
		return { value: current };
	return undefined;
}

/**
 * A parameter's raw value read against the item: a literal text, number, true/false or null (no
 * leading `=`) as it is, a plain reference from the item; undefined when n8n's engine must
 * evaluate it (any other expression, or an object or list, which n8n may hold expressions in).
 */
export function resolveWithoutEngine(
	raw: unknown,
	json: unknown,
): { value: PlainValue } | undefined {
	if (typeof raw === 'string') {
		if (!raw.startsWith('=')) return { value: raw };
		const path = plainReferencePath(raw);
		return path ? readPlainReference(json, path) : undefined;
	}
	if (raw === null || typeof raw === 'boolean' || (typeof raw === 'number' && Number.isFinite(raw)))
		return { value: raw };
	return undefined;
}
