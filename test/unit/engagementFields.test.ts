/**
 * The engagement and signup fields (issue 28), derived from members shaped as Ghost's Admin API
 * answers them: its member list (open rate, counts, last seen; no attribution) and its activity
 * feed's signup events (attribution), with the nulls, zeros and gaps Ghost really has.
 */
import { ghostMemberToSubscriber } from '../../nodes/domain/sync/memberMapping';
import {
	attributionsAnswered,
	attributionsFromEvents,
	signupEventsFilter,
	signupPath,
} from '../../nodes/domain/ghost/signupAttribution';

const FIELDS = [
	'ghost_open_rate',
	'ghost_emails_received',
	'ghost_emails_opened',
	'ghost_last_seen',
	'ghost_signup_source',
	'ghost_signup_medium',
	'ghost_signup_page',
];

function written(member: Record<string, unknown>) {
	return ghostMemberToSubscriber(member, { optionalFields: FIELDS }).CustomFields.filter((f) =>
		FIELDS.includes(f.Key),
	);
}

const base = { id: 'a'.repeat(24), email: 'reader@example.com', status: 'free' };

describe('engagement fields from Ghost’s member list', () => {
	test('a new member (Ghost: 0 emails, open rate null, never seen) clears, and writes the zeros', () => {
		expect(
			written({
				...base,
				email_count: 0,
				email_opened_count: 0,
				email_open_rate: null,
				last_seen_at: null,
			}),
		).toEqual([
			{ Key: 'ghost_open_rate', Value: '', Clear: true },
			{ Key: 'ghost_emails_received', Value: '0' },
			{ Key: 'ghost_emails_opened', Value: '0' },
			{ Key: 'ghost_last_seen', Value: '', Clear: true },
		]);
	});

	test('a reader: whole percent, counts and the day last seen (UTC)', () => {
		expect(
			written({
				...base,
				email_count: 40,
				email_opened_count: 13,
				email_open_rate: 32.5,
				last_seen_at: '2026-11-30T23:59:59.000Z',
			}),
		).toEqual([
			{ Key: 'ghost_open_rate', Value: '33' },
			{ Key: 'ghost_emails_received', Value: '40' },
			{ Key: 'ghost_emails_opened', Value: '13' },
			{ Key: 'ghost_last_seen', Value: '2026-11-30' },
		]);
	});

	test('a payload without them (a deleted member’s previous) leaves every field alone', () => {
		expect(written({ ...base })).toEqual([]);
	});
});

describe('signup fields from Ghost’s signup events', () => {
	const ids = ['6b11cb0737c8781ecb19d0dd', '6b11cb0737c8781ecb19d0e4', '6b11cb0737c8781ecb19d0ff'];
	// As GET /members/events/?filter=type:signup_event+data.member_id:[…] answered on Ghost 6.65.
	const events = [
		{
			type: 'signup_event',
			data: {
				member_id: ids[1],
				attribution_url: null,
				referrer_source: 'Integration: n8n sync',
				referrer_medium: 'Admin API',
				referrer_url: null,
				source: 'api',
			},
		},
		{
			type: 'signup_event',
			data: {
				member_id: ids[0],
				attribution_type: 'post',
				attribution_url: '/how-we-report/',
				referrer_source: 'Twitter',
				referrer_medium: 'social',
				referrer_url: 'https://t.co/x',
				source: 'member',
			},
		},
		// An older signup event of the same member: Ghost's member read takes the newest.
		{
			type: 'signup_event',
			data: { member_id: ids[0], referrer_source: 'Google', attribution_url: '/old/' },
		},
	];

	test('each asked-for member gets the newest signup; one Ghost has none gets null', () => {
		const found = attributionsFromEvents(events, ids);
		expect(found.get(ids[0])).toEqual({
			referrer_source: 'Twitter',
			referrer_medium: 'social',
			referrer_url: 'https://t.co/x',
			url: '/how-we-report/',
		});
		expect(found.get(ids[2])).toBeNull();
		expect(attributionsFromEvents(undefined, ids).get(ids[0])).toBeNull();
	});

	test('the fields: source, medium, the page’s path; Direct with no referrer; Unknown with no signup', () => {
		const found = attributionsFromEvents(events, ids);
		const fields = (id: string) =>
			Object.fromEntries(
				written({ ...base, id, attribution: found.get(id) }).map((f) => [f.Key, f.Value]),
			);
		expect(fields(ids[0])).toEqual({
			ghost_signup_source: 'Twitter',
			ghost_signup_medium: 'social',
			ghost_signup_page: '/how-we-report/',
		});
		expect(fields(ids[1])).toEqual({
			ghost_signup_source: 'Integration: n8n sync',
			ghost_signup_medium: 'Admin API',
			ghost_signup_page: '',
		});
		expect(fields(ids[2])).toEqual({
			ghost_signup_source: 'Unknown',
			ghost_signup_medium: '',
			ghost_signup_page: '',
		});
		// A Portal signup with no referrer, as Ghost's own sources report names it.
		expect(
			written({ ...base, attribution: { referrer_source: null, url: '/' } }).map((f) => f.Value),
		).toEqual(['Direct', '', '/']);
	});

	test('a full answer (as many events as Ghost gives) may have cut members off: only those are read again', () => {
		const answer = attributionsAnswered(events, ids, 3);
		expect(answer.again).toEqual([ids[2]]);
		expect(attributionsAnswered(events, ids, 100).again).toEqual([]);
		// Nobody found in a full answer: nothing narrower to ask, so no endless re-read.
		expect(attributionsAnswered(events, [ids[2]], 3).again).toEqual([]);
	});

	test('the member read’s full URL becomes its path, fitted to 250 characters', () => {
		expect(signupPath('https://example.com/blog/post/?ref=x#top')).toBe('/blog/post/');
		expect(signupPath('http://127.0.0.1:2368/')).toBe('/');
		expect(signupPath(`/${'a'.repeat(400)}/`)).toHaveLength(250);
		expect(signupPath(null)).toBe('');
	});

	test('the feed filter names only Ghost ids (nothing else can reach the query)', () => {
		expect(signupEventsFilter([ids[0], "x'+id:>'0", ids[1]])).toBe(
			`type:signup_event+data.member_id:[${ids[0]},${ids[1]}]`,
		);
	});
});
