import { decideCmToGhost } from '../../nodes/domain/sync/cmToGhost';
import { parseCmDelivery } from '../../nodes/domain/campaignMonitor/cmWebhookEvent';

const LIST = 'a58ee1d3039b8bec838e6d1482a8a965';

/** Shapes from Campaign Monitor's webhook documentation and the createsend clients' fixtures. */
const deactivate = {
	Type: 'Deactivate',
	Date: '2010-12-14 11:32:00',
	EmailAddress: 'ada@example.com',
	Name: 'Ada',
	State: 'Unsubscribed',
	CustomFields: [{ Key: '[ghost_status]', Value: 'paid' }],
};
const update = {
	Type: 'Update',
	Date: '2010-12-14 11:33:00',
	OldEmailAddress: 'ada@example.com',
	EmailAddress: 'ada.new@example.com',
	Name: 'Ada',
	State: 'Active',
	CustomFields: [],
};
const subscribe = {
	...deactivate,
	Type: 'Subscribe',
	SignupIPAddress: '192.0.2.1',
	State: undefined,
};

describe('Campaign Monitor webhook deliveries', () => {
	it('one item per event of a batch, with the list; events not selected are counted, not emitted', () => {
		const result = parseCmDelivery(
			{ Events: [deactivate, update, subscribe], ListID: LIST },
			LIST,
			['Deactivate', 'Update'],
		);
		expect(result).toEqual({
			outcome: 'events',
			ignored: 1,
			items: [
				{
					event: 'Deactivate',
					listId: LIST,
					email: 'ada@example.com',
					oldEmail: null,
					name: 'Ada',
					state: 'Unsubscribed',
					date: '2010-12-14 11:32:00',
					customFields: { ghost_status: 'paid' },
				},
				expect.objectContaining({
					event: 'Update',
					email: 'ada.new@example.com',
					oldEmail: 'ada@example.com',
				}),
			],
		});
	});

	it('with updatesWithAddressChangeOnly, an Update that keeps the address (a field or name change, the site sync’s own write) is dropped', () => {
		const echo = { ...update, OldEmailAddress: 'Ada.New@example.com', Name: 'Ada L' };
		const noOld = { ...update, OldEmailAddress: '' };
		const result = parseCmDelivery(
			{ Events: [echo, noOld, update, deactivate], ListID: LIST },
			LIST,
			['Deactivate', 'Update'],
			{ updatesWithAddressChangeOnly: true },
		);
		expect(result.outcome === 'events' && result.items.map((i) => [i.event, i.email])).toEqual([
			['Update', 'ada.new@example.com'],
			['Deactivate', 'ada@example.com'],
		]);
		expect(result.outcome === 'events' && result.ignored).toBe(2);
		const all = parseCmDelivery({ Events: [echo, noOld], ListID: LIST }, LIST, ['Update']);
		expect(all.outcome === 'events' && all.items).toHaveLength(2);
	});

	it('a delivery for another list, or not shaped as a delivery, is refused', () => {
		expect(
			parseCmDelivery({ Events: [deactivate], ListID: 'b'.repeat(32) }, LIST, ['Deactivate']),
		).toEqual({
			outcome: 'wrongList',
		});
		expect(parseCmDelivery({ hello: 'world' }, LIST, ['Deactivate']).outcome).toBe('invalid');
		expect(parseCmDelivery('[]', LIST, ['Deactivate']).outcome).toBe('invalid');
	});
});

describe('Campaign Monitor → Ghost: only the state Campaign Monitor reports decides', () => {
	const event = { event: 'Deactivate', email: 'ada@example.com' };
	it.each([
		['Unsubscribed', {}, 'unsubscribe'],
		['Bounced', {}, 'unsubscribeAndLabel'],
		['Bounced', { bounced: 'labelOnly' as const }, 'label'],
		['Deleted', {}, 'nothing'],
		['Deleted', { deleted: 'unsubscribe' as const }, 'unsubscribe'],
		// A forged delivery claims an unsubscribe; Campaign Monitor says Active: nothing changes.
		['Active', {}, 'nothing'],
		['', {}, 'nothing'],
	])('reported %s, options %j: %s', (state, options, action) => {
		expect(
			decideCmToGhost(event, state, {
				bounced: 'unsubscribeAndLabel',
				deleted: 'ignore',
				...options,
			}).action,
		).toBe(action);
	});

	it('an address change in Campaign Monitor is reported, never pushed to Ghost', () => {
		expect(
			decideCmToGhost(
				{ event: 'Update', email: 'ada.new@example.com', oldEmail: 'ada@example.com' },
				'Unsubscribed',
			).action,
		).toBe('reportRename');
		expect(
			decideCmToGhost(
				{ event: 'Update', email: 'ada@example.com', oldEmail: 'ADA@example.com' },
				'Active',
			).action,
		).toBe('nothing');
	});
});
