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

/** Requests wait at most this long for an answer unless an option says otherwise (n8n's own default is 300 s). */
export const DEFAULT_TIMEOUT_MS = 30_000;

/** A timeout option in seconds as milliseconds, the default when it is not a positive number. */
export function timeoutMs(seconds: unknown): number {
	const n = Number(seconds);
	return Number.isFinite(n) && n > 0 ? Math.round(n * 1000) : DEFAULT_TIMEOUT_MS;
}

/**
 * Redirects are never followed (a followed redirect would carry the credential to wherever it
 * points). Says where it pointed (origin only) so the user can fix the URL.
 */
export function redirectMessage(
	service: string,
	status: number,
	headers?: Record<string, unknown>,
): string {
	const location = headers?.location ?? headers?.Location;
	let target = 'another address';
	try {
		if (typeof location === 'string') target = new URL(location, 'http://relative.invalid').origin;
	} catch {
		// keep the generic wording
	}
	if (target === 'http://relative.invalid') target = 'another path on the same host';
	return `${service} answered with a redirect (${status}) to ${target}. Redirects are not followed, so the credential is not sent on: set the URL in the credential to the address it redirects to.`;
}

export function isRedirect(status: number | undefined): status is number {
	return status !== undefined && status >= 300 && status < 400;
}
