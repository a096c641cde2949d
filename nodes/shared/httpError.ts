/** Status code and parsed body of an error thrown by n8n's HTTP helpers (or by axios under them). */
export interface HttpErrorDetails {
	status?: number;
	body?: unknown;
	headers?: Record<string, unknown>;
}

type Loose = { [key: string]: Loose | undefined } & Record<string, unknown>;

function asNumber(value: unknown): number | undefined {
	const n = typeof value === 'string' ? Number(value) : value;
	return typeof n === 'number' && Number.isInteger(n) && n > 0 ? n : undefined;
}

export function httpErrorDetails(error: unknown): HttpErrorDetails {
	const e = (error ?? {}) as Loose;
	const responses = [
		e.response,
		e.cause?.response,
		e.errorResponse?.response,
		e.cause?.cause?.response,
	].filter((r): r is Loose => typeof r === 'object' && r !== null);
	const status =
		asNumber(e.httpCode) ??
		responses.map((r) => asNumber(r.status)).find((s) => s !== undefined) ??
		asNumber(e.statusCode) ??
		asNumber(e.status);
	const body = responses.find((r) => r.data !== undefined)?.data ?? e.context?.data;
	const headers = responses.find((r) => r.headers)?.headers;
	return { status, body, headers };
}
