/* eslint-disable @n8n/community-nodes/no-restricted-globals -- a test: lets pending promises run between steps of its fake clock */
import { EventBatcher } from '../../nodes/domain/sync/eventBatcher';

/** A clock the test moves, and a sleep that resolves when the clock passes its end. */
function fakeTime() {
	let now = 1_000;
	const sleepers: Array<{ until: number; wake: () => void }> = [];
	return {
		now: () => now,
		sleep: (ms: number) =>
			new Promise<void>((wake) => {
				sleepers.push({ until: now + ms, wake });
			}),
		async advance(ms: number) {
			now += ms;
			for (const s of sleepers.filter((s) => s.until <= now)) {
				sleepers.splice(sleepers.indexOf(s), 1);
				s.wake();
			}
			await new Promise((resolve) => setImmediate(resolve));
		},
	};
}

describe('EventBatcher: a burst starts few executions, a quiet event starts at once', () => {
	it('an event after a quiet spell starts its own execution at once', async () => {
		const time = fakeTime();
		const batcher = new EventBatcher<string>(time.now);
		const options = { windowMs: 250, maxItems: 100, sleep: time.sleep };
		expect(await batcher.add('wf|node', 'a', options)).toEqual(['a']);
		await time.advance(300);
		expect(await batcher.add('wf|node', 'b', options)).toEqual(['b']);
	});

	it('events within the window wait together and start one execution when it ends', async () => {
		const time = fakeTime();
		const batcher = new EventBatcher<string>(time.now);
		const options = { windowMs: 250, maxItems: 100, sleep: time.sleep };
		expect(await batcher.add('k', 'first', options)).toEqual(['first']);
		await time.advance(10);
		const opener = batcher.add('k', 'b', options);
		await time.advance(10);
		const joiners = ['c', 'd'].map((item) => batcher.add('k', item, options));
		expect(await Promise.all(joiners)).toEqual([undefined, undefined]);
		await time.advance(230);
		expect(await opener).toEqual(['b', 'c', 'd']);
		// The next event within 250 ms of that start waits for the next window.
		const next = batcher.add('k', 'e', options);
		await time.advance(250);
		expect(await next).toEqual(['e']);
	});

	it('a full batch starts at once, before its window ends; the opener then starts nothing', async () => {
		const time = fakeTime();
		const batcher = new EventBatcher<number>(time.now);
		const options = { windowMs: 1_000, maxItems: 3, sleep: time.sleep };
		await batcher.add('k', 0, options);
		const opener = batcher.add('k', 1, options);
		expect(await batcher.add('k', 2, options)).toBeUndefined();
		expect(await batcher.add('k', 3, options)).toEqual([1, 2, 3]);
		await time.advance(1_000);
		expect(await opener).toBeUndefined();
	});

	it('keys (workflow and node) never share a batch; a window of 0 turns batching off', async () => {
		const time = fakeTime();
		const batcher = new EventBatcher<string>(time.now);
		const options = { windowMs: 250, maxItems: 100, sleep: time.sleep };
		await batcher.add('site-a', 'a1', options);
		expect(await batcher.add('site-b', 'b1', options)).toEqual(['b1']);
		const off = { ...options, windowMs: 0 };
		expect(await batcher.add('site-a', 'x', off)).toEqual(['x']);
		expect(await batcher.add('site-a', 'y', off)).toEqual(['y']);
	});
});
