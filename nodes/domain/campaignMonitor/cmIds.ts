/** Campaign Monitor client and list ids: 32 hex characters (the pickers' By ID mode checks the same). */
export const CM_ID_PATTERN = '^[0-9a-fA-F]{32}$';

export function isCmId(value: string): boolean {
	return new RegExp(CM_ID_PATTERN).test(value);
}

/** Campaign Monitor's import endpoint takes at most this many subscribers per call (code 209). */
export const CM_IMPORT_LIMIT = 1000;

/** Splits items into import calls of `size` (clamped to 1…CM_IMPORT_LIMIT), order kept. */
export function importBatches<T>(items: readonly T[], size: number = CM_IMPORT_LIMIT): T[][] {
	const perCall = Math.min(
		CM_IMPORT_LIMIT,
		Math.max(1, Math.floor(Number(size) || CM_IMPORT_LIMIT)),
	);
	const batches: T[][] = [];
	for (let start = 0; start < items.length; start += perCall)
		batches.push(items.slice(start, start + perCall));
	return batches;
}
