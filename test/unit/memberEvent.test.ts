import {
	checkMemberEventName,
	GHOST_MEMBER_EVENTS,
	normaliseMemberEvent,
} from '../../nodes/domain/ghost/memberEvent';
import added from '../fixtures/ghost/member.added.json';
import deleted from '../fixtures/ghost/member.deleted.json';
import editedName from '../fixtures/ghost/member.edited.name.json';

const base = {
	site: 'news',
	receivedAt: new Date('2026-03-02T09:20:42.000Z'),
	events: GHOST_MEMBER_EVENTS,
};

describe('checkMemberEventName', () => {
	it('accepts the three member events', () => {
		for (const event of GHOST_MEMBER_EVENTS)
			expect(checkMemberEventName(event)).toEqual({ ok: true, event });
	});

	it('explains that Ghost has no member.updated', () => {
		const check = checkMemberEventName('member.updated');
		expect(check.ok).toBe(false);
		expect(!check.ok && check.message).toMatch(/no "member.updated" event: use "member.edited"/);
	});

	it.each(['post.published', 'member.add', '', undefined, 42])('refuses %p', (name) => {
		expect(checkMemberEventName(name).ok).toBe(false);
	});
});

describe('normaliseMemberEvent', () => {
	it('emits member.added with the current member and no changed keys', () => {
		const result = normaliseMemberEvent({ ...added, event: 'member.added' }, base);
		expect(result).toEqual({
			outcome: 'event',
			item: {
				event: 'member.added',
				site: 'news',
				memberId: '65e2ee2f3c1a4b0001a1b2c3',
				member: added.member.current,
				previous: {},
				changedKeys: [],
				receivedAt: '2026-03-02T09:20:42.000Z',
			},
		});
	});

	it('emits member.edited with previous values and the changed keys', () => {
		const result = normaliseMemberEvent({ ...editedName, event: 'member.edited' }, base);
		expect(result.outcome).toBe('event');
		if (result.outcome !== 'event') return;
		expect(result.item.member).toEqual(editedName.member.current);
		expect(result.item.previous).toEqual({
			name: 'Test Member3',
			updated_at: '2026-03-02T09:14:07.000Z',
		});
		expect(result.item.changedKeys).toEqual(['name', 'updated_at']);
	});

	it('emits member.deleted with the member as it was (previous), since current is empty', () => {
		const result = normaliseMemberEvent({ ...deleted, event: 'member.deleted' }, base);
		expect(result.outcome === 'event' && result.item).toMatchObject({
			event: 'member.deleted',
			memberId: '65e2ee2f3c1a4b0001a1b2c4',
			member: { email: 'testemail2@example.com', status: 'free' },
		});
	});

	it('takes the event from the URL when the body has none (Ghost before 2025-07)', () => {
		const result = normaliseMemberEvent(added, { ...base, eventFromUrl: 'member.added' });
		expect(result.outcome === 'event' && result.item.event).toBe('member.added');
	});

	it('prefers the body’s event over the URL', () => {
		const result = normaliseMemberEvent(
			{ ...editedName, event: 'member.edited' },
			{ ...base, eventFromUrl: 'member.added' },
		);
		expect(result.outcome === 'event' && result.item.event).toBe('member.edited');
	});

	it('rejects a payload with no event anywhere, saying how to fix it', () => {
		expect(normaliseMemberEvent(added, base)).toEqual({
			outcome: 'invalid',
			message: expect.stringContaining('?event=member.added'),
		});
	});

	it('rejects member.updated from the URL with the explanation', () => {
		const result = normaliseMemberEvent(added, { ...base, eventFromUrl: 'member.updated' });
		expect(result.outcome === 'invalid' && result.message).toMatch(/use "member.edited"/);
	});

	it.each([null, 'text', { post: {} }, { member: 'x' }, { member: { current: [] } }])(
		'rejects a body that is not a member webhook: %p',
		(body) => {
			expect(normaliseMemberEvent(body, { ...base, eventFromUrl: 'member.added' })).toEqual({
				outcome: 'invalid',
				message: 'The body is not a Ghost member webhook payload',
			});
		},
	);

	it('ignores events the user did not select', () => {
		const result = normaliseMemberEvent(
			{ ...deleted, event: 'member.deleted' },
			{ ...base, events: ['member.added', 'member.edited'] },
		);
		expect(result).toEqual({
			outcome: 'ignored',
			event: 'member.deleted',
			reason: 'member.deleted is not selected in the trigger',
		});
	});

	describe('activity-only edits', () => {
		const edit = (previous: Record<string, unknown>) => ({
			event: 'member.edited',
			member: { current: editedName.member.current, previous },
		});

		it.each([
			[{ last_seen_at: null, updated_at: '2026-03-02T09:14:07.000Z' }],
			[{ geolocation: null, updated_at: '2026-03-02T09:14:07.000Z' }],
			[{ email_count: 3, email_opened_count: 1, email_open_rate: 33 }],
		])('drops %p by default', (previous) => {
			expect(normaliseMemberEvent(edit(previous), base)).toEqual({
				outcome: 'ignored',
				event: 'member.edited',
				reason: 'activity-only edit',
			});
		});

		// What Ghost sends when it suppresses a member (email_disabled is not in its webhooks): the
		// read before the write must get the chance to see it.
		it.each([[{ updated_at: '2026-03-02T09:14:07.000Z' }], [{}]])(
			'keeps %p: Ghost changed something its webhook does not show',
			(previous) => {
				const result = normaliseMemberEvent(edit(previous), base);
				expect(result.outcome).toBe('event');
			},
		);

		it('keeps them when asked to', () => {
			const result = normaliseMemberEvent(edit({ last_seen_at: null, updated_at: 'x' }), {
				...base,
				keepActivityOnlyEdits: true,
			});
			expect(result.outcome === 'event' && result.item.changedKeys).toEqual([
				'last_seen_at',
				'updated_at',
			]);
		});

		it('keeps an edit that also changes a real field', () => {
			const result = normaliseMemberEvent(
				edit({ last_seen_at: null, status: 'free', updated_at: 'x' }),
				base,
			);
			expect(result.outcome === 'event' && result.item.changedKeys).toEqual([
				'last_seen_at',
				'status',
				'updated_at',
			]);
		});

		it('keeps relation-only changes such as labels (updated_at not bumped)', () => {
			const result = normaliseMemberEvent(edit({ labels: [] }), base);
			expect(result.outcome).toBe('event');
		});
	});
});
