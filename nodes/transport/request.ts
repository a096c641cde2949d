import type {
	IDataObject,
	IExecuteFunctions,
	IHookFunctions,
	IHttpRequestMethods,
	ILoadOptionsFunctions,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, sleep } from 'n8n-workflow';

import type { HttpErrorDetails } from '../domain/http/httpError';
import { httpErrorDetails, isRedirect, redirectMessage } from '../domain/http/httpError';
import { decideRetry, type RetrySettings } from '../domain/http/retryPolicy';
import { processState } from '../helpers/processState';

/**
 * The one request core under both services' clients: rate limit, retries by the call's own
 * declaration (safe to repeat, or checked before repeating), no redirects followed, and the
 * service's own answer for a failure. Ghost and Campaign Monitor differ only in what they pass.
 */

export type ServiceContext = IExecuteFunctions | ILoadOptionsFunctions | IHookFunctions;

export interface ServiceCall {
	/** The service's name in messages ("Ghost", "Campaign Monitor"). */
	service: string;
	credentialType: string;
	method: IHttpRequestMethods;
	url: string;
	qs?: IDataObject;
	body?: IDataObject | IDataObject[];
	headers?: IDataObject;
	timeoutMs: number;
	/** Safe to send again after a 5xx or a lost answer (reads, upserts, deletes). */
	idempotent: boolean;
	retry: RetrySettings;
	/** Requests spaced per key (Campaign Monitor's per-list budget); none when absent. */
	rateLimit?: { key: string; requestsPerSecond: number; burst: number };
	/** Seconds until the service's rate limit resets, from a 429's headers. */
	resetSeconds?: (headers: Record<string, unknown> | undefined) => number | undefined;
	/** A failure that is this call's answer (already gone, not in the list): returned as it is. */
	accepts?: (failure: HttpErrorDetails) => boolean;
	/**
	 * For a call that is not safe to repeat: after a 5xx or a lost answer the service may have
	 * acted, so this looks first. What it finds is the answer; undefined sends the call again.
	 */
	alreadyDone?: () => Promise<unknown>;
	/** The service's error for a final failure (no secrets, no addresses). */
	fail: (failure: HttpErrorDetails, error: unknown) => never;
	itemIndex?: number;
}

export interface ServiceAnswer {
	status: number;
	body: unknown;
	/** The failure `accepts` took as the answer. */
	accepted?: HttpErrorDetails;
	/** How many times the call was sent (more than 1: an earlier one may have acted). */
	attempts: number;
}

export async function sendWithRetries(
	this: ServiceContext,
	call: ServiceCall,
): Promise<ServiceAnswer> {
	for (let attempt = 0; ; attempt++) {
		if (call.rateLimit) {
			const { key, requestsPerSecond, burst } = call.rateLimit;
			const wait = processState.rateLimiters.reserve(key, requestsPerSecond, burst, Date.now());
			if (wait > 0) await sleep(wait);
		}
		try {
			const response = await this.helpers.httpRequestWithAuthentication.call(
				this,
				call.credentialType,
				{
					method: call.method,
					url: call.url,
					qs: call.qs,
					body: call.body,
					headers: call.headers,
					json: true,
					returnFullResponse: true,
					// A redirect would carry the credential to wherever it points: never follow one.
					disableFollowRedirect: true,
					timeout: call.timeoutMs,
				},
				// Nothing to refresh: a 401 is final, so n8n must not resend it.
				{ preAuthenticationRetryStatusCode: [] },
			);
			return { status: response.statusCode, body: response.body, attempts: attempt + 1 };
		} catch (error) {
			const failure = httpErrorDetails(error);
			const { status, headers } = failure;
			if (isRedirect(status)) {
				const message = redirectMessage(call.service, status, headers);
				throw new NodeApiError(this.getNode(), { message } as JsonObject, {
					message,
					httpCode: String(status),
					itemIndex: call.itemIndex,
				});
			}
			if (call.accepts?.(failure))
				return {
					status: status ?? 400,
					body: failure.body,
					accepted: failure,
					attempts: attempt + 1,
				};
			const decision = decideRetry(
				{
					attempt,
					status,
					rateLimitResetSeconds: call.resetSeconds?.(headers),
					idempotent: call.idempotent,
				},
				call.retry,
			);
			if (decision.retry) {
				await sleep(decision.delayMs);
				continue;
			}
			const mayHaveActed = status === undefined || status >= 500;
			if (call.alreadyDone && mayHaveActed && attempt < call.retry.maxRetries) {
				const found = await call.alreadyDone();
				if (found !== undefined) return { status: 200, body: found, attempts: attempt + 1 };
				await sleep(Math.min(call.retry.maxDelayMs, call.retry.baseDelayMs * 2 ** attempt));
				continue;
			}
			call.fail(failure, error);
		}
	}
}
