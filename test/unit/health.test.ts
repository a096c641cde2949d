import { deliveryPathVerdict } from '../../nodes/domain/health/deliveryPaths';
import { healthPage, readerPage } from '../../nodes/domain/health/healthPage';
import { readerVerdict } from '../../nodes/domain/health/readerVerdict';
import { member, synced } from '../helpers/records';

const reader = (email: string, extra: Record<string, unknown> = {}) =>
	member(email, { newsletters: [{ name: 'Weekly' }], ...extra });
const subscriber = synced;
const sides = { membership: 'newsletterSubscribers' as const, optionalFields: [] as string[] };

describe('the reader lookup: where the rule puts a reader, and what a sync would do', () => {
	test('a subscribed member Campaign Monitor has Active: in step, no field differs', () => {
		const verdict = readerVerdict({
			...sides,
			email: 'a@x.com',
			member: reader('a@x.com'),
			subscriber: subscriber('a@x.com'),
		});
		expect(verdict).toMatchObject({ expected: 'Active', decision: 'unchanged', inStep: true });
		expect(verdict.differences).toEqual([]);
	});

	test('a member who never reached the list: Active is due, a sync would add them', () => {
		const verdict = readerVerdict({
			...sides,
			email: 'a@x.com',
			member: reader('a@x.com'),
			subscriber: null,
		});
		expect(verdict).toMatchObject({ expected: 'Active', decision: 'add', inStep: false });
	});

	test('a spam complaint in Ghost: Unsubscribed, whatever the newsletters say', () => {
		const verdict = readerVerdict({
			...sides,
			email: 'a@x.com',
			member: reader('a@x.com', {
				email_suppression: { suppressed: true, info: { reason: 'spam' } },
			}),
			subscriber: subscriber('a@x.com', 'Unsubscribed'),
		});
		expect(verdict.expected).toBe('Unsubscribed');
		expect(verdict.reason).toMatch(/spam complaint/);
	});

	test('an opt-out kept in Campaign Monitor stays kept: only a new opt-in in Ghost resubscribes', () => {
		const verdict = readerVerdict({
			...sides,
			email: 'a@x.com',
			member: reader('a@x.com'),
			subscriber: subscriber('a@x.com', 'Unsubscribed'),
		});
		expect(verdict.inStep).toBe(true);
		expect(verdict.reason).toMatch(/only a new opt-in in Ghost resubscribes them/);
	});

	test('nobody in Ghost but Active in Campaign Monitor: a sync would unsubscribe', () => {
		const verdict = readerVerdict({
			...sides,
			email: 'gone@x.com',
			member: null,
			subscriber: subscriber('gone@x.com'),
		});
		expect(verdict).toMatchObject({
			expected: 'not in the list',
			decision: 'unsubscribe (not in Ghost)',
			inStep: false,
		});
	});

	test('a field differs: named with both values; a signup Ghost’s member read lacks is no difference', () => {
		const verdict = readerVerdict({
			...sides,
			optionalFields: ['ghost_signup_source'],
			email: 'a@x.com',
			member: reader('a@x.com', { status: 'paid' }),
			subscriber: subscriber('a@x.com', 'Active', { ghost_signup_source: 'Google' }),
		});
		expect(verdict.differences).toEqual([
			{ field: 'ghost_status', ghost: 'paid', campaignMonitor: 'free' },
		]);
		expect(verdict.decision).toBe('update');
	});
});

describe('the delivery paths: what is repaired and what is said', () => {
	const workflow = { id: 'w1', name: 'site sync', active: true };
	test('a deleted Ghost webhook: the site sync is published again, and the line names the event', () => {
		const verdict = deliveryPathVerdict(
			{
				workflow,
				events: [
					{ event: 'member.added', state: 'missing' },
					{ event: 'member.edited', state: 'present' },
				],
			},
			undefined,
			'https://ghost.example',
		);
		expect(verdict.actions).toEqual(['republishSiteSync']);
		expect(verdict.repairs).toEqual([expect.stringContaining('Ghost had no member.added webhook')]);
	});

	test('a deactivated Campaign Monitor webhook is activated; an unpublished site sync is a problem, not a repair', () => {
		const verdict = deliveryPathVerdict(
			{ workflow: { ...workflow, active: false }, events: [] },
			{ workflow, webhook: { id: 'h1', status: 'Unavailable' } },
			'https://ghost.example',
		);
		expect(verdict.actions).toEqual(['activateCmWebhook']);
		expect(verdict.problems).toEqual([expect.stringContaining('is not published: publish it')]);
	});
});

describe('the pages', () => {
	test('every value is escaped', () => {
		const html = healthPage({
			site: '<script>x</script>',
			list: 'List',
			problems: ['<b>bad</b>'],
			repairs: [],
			days: [{ day: '2026-12-07', runs: 3, failed: 1 }],
			deadLettersPending: 2,
			lastCatchUp: 'none yet',
			lastFullSync: 'none yet',
			webhooks: [],
			credentials: [],
		});
		expect(html).not.toContain('<script>x');
		expect(html).not.toContain('<b>bad');
		expect(html).toContain('Today: 3 (1 failed)');
	});

	test('the reader page says what it should be, why, and what a sync would do', () => {
		const html = readerPage({
			email: 'a@x.com',
			expected: 'Active',
			reason: 'the reader gets at least one newsletter in Ghost',
			decision: 'add',
			inStep: false,
			ghost: { found: true, status: 'free', newsletters: ['Weekly'], labels: [] },
			campaignMonitor: { found: false },
			differences: [],
			deadLettersPending: 1,
		});
		expect(html).toContain(
			'Should be: Active. Why: the reader gets at least one newsletter in Ghost. A sync would now: add.',
		);
	});
});
