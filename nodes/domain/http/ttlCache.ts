/**
 * A small in-memory cache whose entries expire (after a fixed time, or at a time given per entry);
 * the caller passes the clock, so there are no timers. Bounded: past the limit the oldest written
 * entry goes first, and expired entries at the head (insertion order is almost expiry order) are
 * dropped on each write, so each call costs a constant amount on average.
 */
export class TtlCache<V> {
	private readonly entries = new Map<string, { value: V; expiresAt: number }>();

	constructor(
		private readonly ttlMs: number,
		private readonly maxEntries = 1_000,
	) {}

	get(key: string, now: number): V | undefined {
		const entry = this.entries.get(key);
		if (!entry) return undefined;
		if (entry.expiresAt <= now) {
			this.entries.delete(key);
			return undefined;
		}
		return entry.value;
	}

	set(key: string, value: V, now: number, expiresAt = now + this.ttlMs): void {
		for (const [oldest, entry] of this.entries) {
			if (entry.expiresAt > now) break;
			this.entries.delete(oldest);
		}
		this.entries.delete(key);
		this.entries.set(key, { value, expiresAt });
		while (this.entries.size > this.maxEntries) {
			this.entries.delete(this.entries.keys().next().value as string);
		}
	}

	delete(key: string): void {
		this.entries.delete(key);
	}

	clear(): void {
		this.entries.clear();
	}

	get size(): number {
		return this.entries.size;
	}
}
