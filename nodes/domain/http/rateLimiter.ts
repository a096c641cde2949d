/**
 * Token bucket: `ratePerSecond` tokens refill continuously up to `burst`. `reserve` takes a
 * token and says how long the caller must wait before using it (0 when one was free), so
 * concurrent callers queue fairly without a timer inside the limiter.
 */
export class TokenBucket {
	private tokens: number;
	private updatedAt: number;

	constructor(
		readonly ratePerSecond: number,
		readonly burst: number,
		now: number,
	) {
		if (!(ratePerSecond > 0) || !(burst >= 1)) {
			throw new RangeError('Rate limit needs requests per second > 0 and a burst of at least 1');
		}
		this.tokens = burst;
		this.updatedAt = now;
	}

	reserve(now: number): number {
		const elapsed = Math.max(0, now - this.updatedAt) / 1000;
		this.tokens = Math.min(this.burst, this.tokens + elapsed * this.ratePerSecond);
		this.updatedAt = now;
		this.tokens -= 1;
		return this.tokens >= 0 ? 0 : Math.ceil((-this.tokens / this.ratePerSecond) * 1000);
	}
}

/** One bucket per key (a Campaign Monitor list), created on first use with the given settings. */
export class RateLimiterRegistry {
	private readonly buckets = new Map<string, TokenBucket>();

	reserve(key: string, ratePerSecond: number, burst: number, now: number): number {
		let bucket = this.buckets.get(key);
		if (!bucket || bucket.ratePerSecond !== ratePerSecond || bucket.burst !== burst) {
			bucket = new TokenBucket(ratePerSecond, burst, now);
			this.buckets.set(key, bucket);
		}
		return bucket.reserve(now);
	}
}

/**
 * Each n8n process keeps its own buckets, so in queue mode N workers would spend N times the
 * list's budget. A worker's share: the rate divided by N, the burst too (never below 1).
 */
export function workerShare(
	ratePerSecond: number,
	burst: number,
	workers: number,
): { ratePerSecond: number; burst: number } {
	const n = Number.isFinite(workers) && workers >= 1 ? Math.floor(workers) : 1;
	return { ratePerSecond: ratePerSecond / n, burst: Math.max(1, Math.floor(burst / n)) };
}
