import {
	advanceCursor,
	catchUpSince,
	changedSinceFilter,
	type CatchUpState,
} from '../../nodes/domain/sync/catchUp';
import { endCatchUp, startCatchUp } from '../../nodes/helpers/processState';

const LIST = 'A58EE1D3039B8BEC838E6D1482A8A965';

describe('the catch-up position', () => {
	it('starts at the last successful run less the overlap, per list', () => {
		const state: CatchUpState = {};
		advanceCursor(state, LIST, new Date('2026-12-03T10:00:00Z'));
		expect(catchUpSince(state, LIST.toLowerCase(), new Date('2026-12-03T10:10:00Z'))).toEqual(
			new Date('2026-12-03T09:55:00Z'),
		);
		expect(catchUpSince(state, 'other', new Date('2026-12-03T10:10:00Z'))).toEqual(
			new Date('2026-12-03T09:10:00Z'),
		);
	});

	it('never moves back: an older, longer run finishing last leaves the newer position', () => {
		const state: CatchUpState = {};
		advanceCursor(state, LIST, new Date('2026-12-03T10:10:00Z'));
		advanceCursor(state, LIST, new Date('2026-12-03T10:00:00Z'));
		expect(state.cursors?.[LIST.toLowerCase()]).toBe('2026-12-03T10:10:00.000Z');
		advanceCursor(state, LIST, new Date('2026-12-03T10:20:00Z'));
		expect(state.cursors?.[LIST.toLowerCase()]).toBe('2026-12-03T10:20:00.000Z');
	});

	it('joins the user’s Ghost Filter to the changed-since condition', () => {
		expect(changedSinceFilter(new Date('2026-12-03T10:00:00Z'), 'label:vip')).toBe(
			"(label:vip)+updated_at:>'2026-12-03 10:00:00'",
		);
	});
});

describe('one catch-up per workflow and list at a time', () => {
	it('makes a second run of the same list stand down until the first ends', () => {
		expect(startCatchUp('wf|list')).toBe(true);
		expect(startCatchUp('wf|list')).toBe(false);
		expect(startCatchUp('wf|other')).toBe(true);
		endCatchUp('wf|list');
		expect(startCatchUp('wf|list')).toBe(true);
		endCatchUp('wf|list');
		endCatchUp('wf|other');
	});
});
