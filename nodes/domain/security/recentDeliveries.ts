import { TtlCache } from '../http/ttlCache';

/**
 * Signed deliveries seen recently, so a captured request replayed inside its signature window
 * is acknowledged once and never starts the workflow twice. Each entry expires with the window
 * it was signed for; the cache is bounded.
 *
 * Kept in memory per n8n process: in queue mode each webhook processor has its own.
 */
export class RecentDeliveries {
	private readonly seen: TtlCache<true>;

	constructor(maxEntries = 10_000) {
		this.seen = new TtlCache<true>(0, maxEntries);
	}

	/** True the first time a key is seen inside its window, false for a replay. */
	firstTime(key: string, expiresAt: number, now: number): boolean {
		if (this.seen.get(key, now)) return false;
		this.seen.set(key, true, now, expiresAt);
		return true;
	}

	clear(): void {
		this.seen.clear();
	}

	get size(): number {
		return this.seen.size;
	}
}
