import fc from 'fast-check';

import {
	diffMemberStatus,
	previousStatusUnknown,
	type StatusDiffInput,
} from '../../nodes/domain/sync/statusDiff';

const base = (over: Partial<StatusDiffInput>): StatusDiffInput => ({
	event: 'member.edited',
	status: 'free',
	previous: {},
	receivedAt: '2026-03-02T10:00:00.000Z',
	...over,
});

describe('diffMemberStatus', () => {
	it('treats a signup as unchanged, with no history', () => {
		expect(diffMemberStatus(base({ event: 'member.added' }))).toEqual({
			status: 'free',
			statusChanged: false,
			previousStatus: null,
			statusChangedAt: null,
			statusSource: 'none',
		});
	});

	it('takes the change from the webhook’s previous.status, dated when it was received', () => {
		const result = diffMemberStatus(
			base({
				status: 'comped',
				previous: { status: 'free' },
				campaignMonitor: { status: 'paid' },
			}),
		);
		expect(result).toEqual({
			status: 'comped',
			statusChanged: true,
			previousStatus: 'free',
			statusChangedAt: '2026-03-02T10:00:00.000Z',
			statusSource: 'payload',
		});
	});

	it('without previous.status, compares with the ghost_status Campaign Monitor holds', () => {
		expect(
			diffMemberStatus(base({ status: 'paid', campaignMonitor: { status: 'free' } })),
		).toMatchObject({
			statusChanged: true,
			previousStatus: 'free',
			statusSource: 'campaignMonitor',
		});
	});

	it('keeps the last change Campaign Monitor holds when the status is the same', () => {
		const stored = { status: 'paid', previousStatus: 'free', statusChangedAt: '2026-01-15' };
		expect(diffMemberStatus(base({ status: 'paid', campaignMonitor: stored }))).toEqual({
			status: 'paid',
			statusChanged: false,
			previousStatus: 'free',
			statusChangedAt: '2026-01-15T00:00:00.000Z',
			statusSource: 'campaignMonitor',
		});
	});

	it('knows nothing, and writes nothing about a change, when no source says', () => {
		const result = diffMemberStatus(base({ status: 'comped', previous: { name: 'Old' } }));
		expect(result).toMatchObject({ statusChanged: false, previousStatus: null });
		expect(result.statusChangedAt).toBeNull();
	});

	it('reports no change for a deletion', () => {
		expect(
			diffMemberStatus(base({ event: 'member.deleted', previous: { status: 'paid' } })),
		).toMatchObject({ statusChanged: false, statusSource: 'none' });
	});

	it('asks Campaign Monitor only when the payload lacks previous.status', () => {
		expect(previousStatusUnknown(base({}))).toBe(true);
		expect(previousStatusUnknown(base({ previous: { status: 'free' } }))).toBe(false);
		expect(previousStatusUnknown(base({ event: 'member.deleted' }))).toBe(false);
	});

	it('never calls a status changed into itself, whatever the sources say', () => {
		const status = fc.constantFrom('free', 'paid', 'comped', 'gift', '');
		fc.assert(
			fc.property(status, status, status, (current, previous, stored) => {
				const result = diffMemberStatus(
					base({
						status: current,
						previous: previous ? { status: previous } : {},
						campaignMonitor: stored ? { status: stored } : undefined,
					}),
				);
				if (result.statusChanged) {
					expect(result.previousStatus).not.toBe(current);
					expect(result.previousStatus).toBe(previous || stored);
				}
			}),
		);
	});
});
