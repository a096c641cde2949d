import { redact } from '../security/redact';

export interface CmErrorDescription {
	status?: number;
	code?: number;
	message: string;
	hint: string;
}

const HINTS: Record<number, string> = {
	1: 'The email address is not valid.',
	50: 'Check the API key in the Campaign Monitor credential (Account settings → API keys).',
	100: 'Check the API key in the Campaign Monitor credential (Account settings → API keys).',
	101: 'The list ID is wrong, or belongs to a client this API key cannot see.',
	102: 'The client ID is wrong, or this API key cannot see it.',
	121: 'The OAuth token expired: reconnect the credential.',
	201: 'The new email address is already in the list: the rename would create a duplicate.',
	203: 'The subscriber is not in this list (or was removed). Use "Add or Update" to create it.',
	204: 'The address is on the suppression list; Campaign Monitor will not add it.',
	205: 'The subscriber was deleted from the list; turn on Resubscribe to add it back.',
	206: 'The subscriber unsubscribed; turn on Resubscribe only if they opted in again.',
	207: 'The subscriber bounced; Campaign Monitor will not resubscribe it without Resubscribe.',
	208: 'The subscriber has not confirmed the opt-in yet.',
	209: 'At most 1000 subscribers per import call.',
	211: 'The new email address is not valid.',
	212: 'The import had no subscribers.',
	214: 'ConsentToTrack is required (Yes, No or Unchanged).',
	215: 'ConsentToTrack must be Yes, No or Unchanged.',
	253: 'Custom field keys must be written in [brackets].',
	255: 'A custom field with this name already exists: use "Ensure" instead of "Create".',
	259: 'Unknown custom field data type.',
	429: 'Campaign Monitor is rate-limiting this API key. Lower "Requests per Second" or retry later.',
};

function statusHint(status?: number): string {
	if (status === 401) return HINTS[100];
	if (status === 429) return HINTS[429];
	if (status !== undefined && status >= 500)
		return 'Campaign Monitor had a problem answering; the request was retried.';
	if (status === undefined) return 'No answer from Campaign Monitor (network error or timeout).';
	return 'See the Campaign Monitor API documentation for this error.';
}

/** Reads CM's {"Code","Message"} error body into a message and a hint, emails and key removed. */
export function describeCmError(
	status: number | undefined,
	body: unknown,
	secrets: readonly string[] = [],
): CmErrorDescription {
	const parsed = (typeof body === 'object' && body !== null ? body : {}) as {
		Code?: unknown;
		Message?: unknown;
	};
	const code =
		typeof parsed.Code === 'number'
			? parsed.Code
			: Number.isFinite(Number(parsed.Code)) && parsed.Code !== undefined
				? Number(parsed.Code)
				: undefined;
	const message =
		typeof parsed.Message === 'string' && parsed.Message
			? parsed.Message
			: status
				? `Campaign Monitor answered HTTP ${status}`
				: 'Campaign Monitor did not answer';
	return {
		status,
		code,
		message: redact(message, secrets),
		hint: (code !== undefined && HINTS[code]) || statusHint(status),
	};
}

/** Import codes for an address that is in the list but not active: Deleted, Unsubscribed, Bounced, Unconfirmed. */
export const INACTIVE_STATE_CODES: Record<number, string> = {
	205: 'Deleted',
	206: 'Unsubscribed',
	207: 'Bounced',
	208: 'Unconfirmed',
};

/** An import refusal that keeps the subscriber as Campaign Monitor has it (suppressed or inactive). */
export function keepsSubscriberAsIs(code: number): boolean {
	return code === 204 || INACTIVE_STATE_CODES[code] !== undefined;
}
