/**
 * A small in-memory cache whose entries expire after a fixed time; the caller passes the clock,
 * so there are no timers. Bounded: past the limit the oldest written entry goes first.
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

	set(key: string, value: V, now: number): void {
		this.entries.delete(key);
		this.entries.set(key, { value, expiresAt: now + this.ttlMs });
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
}
