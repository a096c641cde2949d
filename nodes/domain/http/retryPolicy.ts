export interface RetrySettings {
	/** Retries after the first attempt. */
	maxRetries: number;
	/** First backoff; doubles each retry. */
	baseDelayMs: number;
	/** Longest single wait, including a server-announced rate-limit reset. */
	maxDelayMs: number;
}

export const DEFAULT_RETRY: RetrySettings = { maxRetries: 3, baseDelayMs: 500, maxDelayMs: 30_000 };

export interface FailedAttempt {
	/** 0 for the first attempt. */
	attempt: number;
	/** HTTP status, absent when no answer came (connection reset, timeout). */
	status?: number;
	/** Seconds until the rate limit resets (X-RateLimit-Reset). */
	rateLimitResetSeconds?: number;
	/** Safe to send again without a different outcome (GET, PUT, DELETE, upserts). */
	idempotent: boolean;
	/** 0..1, for jitter; tests pass a fixed value. */
	random?: number;
}

export type RetryDecision = { retry: true; delayMs: number } | { retry: false; reason: string };

/**
 * Retry rules for both services: 429 waits for the announced reset (or backs off; the service
 * did not act), 5xx and lost connections back off for calls safe to repeat, and 4xx answers (bad
 * input, bad key) are final.
 */
export function decideRetry(
	failure: FailedAttempt,
	settings: RetrySettings = DEFAULT_RETRY,
): RetryDecision {
	if (failure.attempt >= settings.maxRetries) return { retry: false, reason: 'retries exhausted' };
	const { status } = failure;
	const backoff = Math.min(
		settings.maxDelayMs,
		settings.baseDelayMs * 2 ** failure.attempt * (1 + 0.25 * (failure.random ?? Math.random())),
	);

	if (status === 429) {
		const reset = failure.rateLimitResetSeconds;
		if (reset !== undefined && Number.isFinite(reset) && reset >= 0) {
			const waitMs = Math.ceil(reset * 1000) + 100;
			if (waitMs > settings.maxDelayMs) {
				return {
					retry: false,
					reason: `rate limit resets in ${Math.ceil(reset)} s, longer than the retry wait allows`,
				};
			}
			return { retry: true, delayMs: Math.max(waitMs, 250) };
		}
		return { retry: true, delayMs: Math.round(backoff) };
	}
	if (status !== undefined && status >= 500) {
		// A 5xx can come after the service acted: a call that creates something is not sent again
		// blindly; the transport checks first (CmRequest.alreadyDone).
		return failure.idempotent
			? { retry: true, delayMs: Math.round(backoff) }
			: { retry: false, reason: `HTTP ${status}, and the request is not safe to repeat` };
	}
	if (status === undefined) {
		return failure.idempotent
			? { retry: true, delayMs: Math.round(backoff) }
			: { retry: false, reason: 'no answer, and the request is not safe to repeat' };
	}
	return { retry: false, reason: `HTTP ${status} is final` };
}
