import { ghostMemberToSubscriber } from '../../nodes/domain/sync/memberMapping';
import added from '../fixtures/ghost/member.added.json';
import deleted from '../fixtures/ghost/member.deleted.json';
import editedName from '../fixtures/ghost/member.edited.name.json';

describe('ghostMemberToSubscriber', () => {
	it('maps a member.added payload (no labels key) to the default fields', () => {
		expect(ghostMemberToSubscriber(added.member.current)).toEqual({
			EmailAddress: 'testemail@example.com',
			Name: 'Test Member',
			CustomFields: [
				{ Key: 'ghost_status', Value: 'free' },
				{ Key: 'ghost_signup_date', Value: '2026-03-02' },
				{ Key: 'ghost_last_updated', Value: '2026-03-02' },
				{ Key: 'ghost_email_enabled', Value: 'true' },
			],
		});
	});

	it('clears ghost_labels when the member has no labels (Campaign Monitor keeps a value an empty one does not clear)', () => {
		const { CustomFields } = ghostMemberToSubscriber(editedName.member.current);
		expect(CustomFields).toContainEqual({ Key: 'ghost_labels', Value: '', Clear: true });
	});

	it('writes previous status and change date only when given', () => {
		const { CustomFields } = ghostMemberToSubscriber(
			{ ...added.member.current, status: 'comped' },
			{ previousStatus: 'free', statusChangedAt: new Date('2026-04-01T23:30:00Z') },
		);
		expect(CustomFields).toEqual(
			expect.arrayContaining([
				{ Key: 'ghost_status', Value: 'comped' },
				{ Key: 'ghost_previous_status', Value: 'free' },
				{ Key: 'ghost_status_changed_at', Value: '2026-04-01' },
			]),
		);
		expect(
			ghostMemberToSubscriber(added.member.current).CustomFields.map((f) => f.Key),
		).not.toContain('ghost_previous_status');
	});

	it('keeps statuses Ghost may add (gift) as they are', () => {
		expect(
			ghostMemberToSubscriber({ email: 'g@example.com', status: 'gift' }).CustomFields,
		).toEqual([{ Key: 'ghost_status', Value: 'gift' }]);
	});

	it('fits labels into 250 characters without cutting a label', () => {
		const labels = Array.from({ length: 40 }, (_, i) => ({
			id: String(i),
			name: `Label number ${i}`,
			slug: `l-${i}`,
		}));
		const field = ghostMemberToSubscriber({ email: 'l@example.com', labels }).CustomFields.find(
			(f) => f.Key === 'ghost_labels',
		)!;
		expect(field.Value.length).toBeLessThanOrEqual(250);
		const kept = field.Value.split(', ');
		expect(kept).toEqual(labels.slice(0, kept.length).map((l) => l.name));
	});

	it('gives an empty name for a member without one (Stripe signups)', () => {
		expect(ghostMemberToSubscriber({ ...added.member.current, name: null }).Name).toBe('');
	});

	it('maps a deleted member (previous: no subscribed flag, newsletters present)', () => {
		expect(ghostMemberToSubscriber(deleted.member.previous)).toEqual({
			EmailAddress: 'testemail2@example.com',
			Name: 'Test Member2',
			CustomFields: [
				{ Key: 'ghost_status', Value: 'free' },
				{ Key: 'ghost_signup_date', Value: '2026-03-02' },
				{ Key: 'ghost_last_updated', Value: '2026-03-02' },
				{ Key: 'ghost_email_enabled', Value: 'true' },
			],
		});
	});

	it('reports email as disabled when no newsletter is active', () => {
		const member = { email: 'n@example.com', subscribed: false, newsletters: [] };
		expect(ghostMemberToSubscriber(member).CustomFields).toEqual([
			{ Key: 'ghost_email_enabled', Value: 'false' },
		]);
	});

	it('adds the optional tiers and newsletters fields when asked', () => {
		const member = { ...added.member.current, tiers: [{ name: 'Gold' }, { name: 'Silver' }] };
		const { CustomFields } = ghostMemberToSubscriber(member, {
			optionalFields: ['ghost_tiers', 'ghost_newsletters'],
		});
		expect(CustomFields).toEqual(
			expect.arrayContaining([
				{ Key: 'ghost_tiers', Value: 'Gold, Silver' },
				{ Key: 'ghost_newsletters', Value: 'Default Newsletter' },
			]),
		);
	});
});
