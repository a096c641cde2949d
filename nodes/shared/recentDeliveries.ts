/**
 * Signed deliveries seen recently, so a captured request replayed inside its signature window
 * is acknowledged once and never starts the workflow twice. Entries expire with the window they
 * were signed for; the map is bounded, and expired entries at its head are dropped on each call
 * (insertion order is almost time order), so each call costs a constant amount on average.
 *
 * Kept in memory per n8n process: in queue mode each webhook processor has its own.
 */
export class RecentDeliveries {
	private readonly seen = new Map<string, number>();

	constructor(private readonly maxEntries = 10_000) {}

	/** True the first time a key is seen inside its window, false for a replay. */
	firstTime(key: string, expiresAt: number, now: number): boolean {
		for (const [oldest, expiry] of this.seen) {
			if (expiry > now) break;
			this.seen.delete(oldest);
		}
		const known = this.seen.get(key);
		if (known !== undefined && known > now) return false;
		this.seen.delete(key);
		this.seen.set(key, expiresAt);
		while (this.seen.size > this.maxEntries) {
			const oldest = this.seen.keys().next().value as string;
			this.seen.delete(oldest);
		}
		return true;
	}

	clear(): void {
		this.seen.clear();
	}

	get size(): number {
		return this.seen.size;
	}
}
