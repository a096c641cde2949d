/**
 * Groups the events of a burst into few executions. n8n spends tens of milliseconds of CPU on each
 * execution whatever it carries, so one execution per Ghost delivery caps a process at a few dozen
 * events a second, and every execution waiting for Campaign Monitor holds memory. Here:
 *
 * - an event after a quiet spell starts its execution at once (light traffic keeps its latency);
 * - events that arrive within `windowMs` of the last execution's start wait together and start one
 *   execution when the window ends, or as soon as `maxItems` of them are waiting.
 *
 * No timers: the request that opens a batch waits (with the sleep it is given) and starts it; the
 * others are answered and start nothing. One batcher per n8n process; keys name workflow and node.
 */

export type Sleep = (ms: number) => Promise<void>;

interface Batch<T> {
	items: T[];
	/** Started by a request that filled it, before the window ended. */
	taken: boolean;
}

export interface BatchOptions {
	windowMs: number;
	maxItems: number;
	sleep: Sleep;
}

export class EventBatcher<T> {
	private readonly open = new Map<string, Batch<T>>();
	private readonly lastStart = new Map<string, number>();

	constructor(private readonly now: () => number = Date.now) {}

	/** The items whose execution this caller starts, or undefined when another caller starts it. */
	async add(key: string, item: T, options: BatchOptions): Promise<T[] | undefined> {
		const maxItems = Math.max(1, Math.floor(options.maxItems));
		if (!(options.windowMs > 0) || maxItems === 1) return [item];
		const now = this.now();
		const open = this.open.get(key);
		if (open) {
			open.items.push(item);
			return open.items.length >= maxItems ? this.take(key, open) : undefined;
		}
		const last = this.lastStart.get(key);
		if (last === undefined || now - last >= options.windowMs) {
			this.lastStart.set(key, now);
			return [item];
		}
		const batch: Batch<T> = { items: [item], taken: false };
		this.open.set(key, batch);
		await options.sleep(last + options.windowMs - now);
		return batch.taken ? undefined : this.take(key, batch);
	}

	private take(key: string, batch: Batch<T>): T[] {
		batch.taken = true;
		if (this.open.get(key) === batch) this.open.delete(key);
		this.lastStart.set(key, this.now());
		return batch.items;
	}
}
