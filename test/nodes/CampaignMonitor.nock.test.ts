/* eslint-disable @n8n/community-nodes/no-hardcoded-secrets -- a made-up key, to prove it never reaches error messages */
import nock from 'nock';

import { runWorkflow, type WorkflowJson } from '../helpers/workflowRunner';
import errors from '../fixtures/campaign-monitor/errors.json';
import importPartial from '../fixtures/campaign-monitor/import_subscribers_partial_success.http400.json';

const API = 'https://api.createsend.com';
const BASE = '/api/v3.3';
const LIST = 'a58ee1d3039b8bec838e6d1482a8a965';
const KEY = 'cm-live-api-key-1234567890';
const BASIC = `Basic ${Buffer.from(`${KEY}:x`).toString('base64')}`;
const NODE = 'Campaign Monitor';

function workflow(
	parameters: Record<string, unknown>,
	input: Array<Record<string, unknown>> = [{}],
	settings: Record<string, unknown> = {},
): WorkflowJson {
	return {
		nodes: [
			{
				id: 'c0ffee00-0000-4000-8000-000000000001',
				name: NODE,
				type: 'n8n-nodes-ghost-campaign-monitor.campaignMonitor',
				typeVersion: 1,
				position: [0, 0],
				parameters: {
					resource: 'subscriber',
					list: { __rl: true, mode: 'id', value: LIST },
					...parameters,
				} as never,
				credentials: { campaignMonitorApi: { id: '1', name: 'CM' } },
				...settings,
			},
		],
		connections: {},
		input: input as never,
	};
}

const run = (wf: WorkflowJson) =>
	runWorkflow(wf, {
		campaignMonitorApi: { apiKey: KEY, baseUrl: 'https://api.createsend.com/api/v3.3' },
	});

// Retry and rate-limit waits go through n8n-workflow's sleep: record them instead of waiting.
const waits: number[] = [];
jest.mock('n8n-workflow', () => ({
	...jest.requireActual('n8n-workflow'),
	sleep: jest.fn(async (ms: number) => {
		waits.push(ms);
	}),
}));

/** An import that took every address. */
const imported = (count: number) => ({
	FailureDetails: [],
	TotalUniqueEmailsSubmitted: count,
	TotalExistingSubscribers: 0,
	TotalNewSubscribers: count,
	DuplicateEmailsInSubmission: [],
});

/** An import that reports one address inactive (205 Deleted, 206 Unsubscribed, 207 Bounced). */
const inactive = (email: string, code: number) => ({
	Code: 210,
	Message: 'Subscriber Import had some failures',
	ResultData: {
		...imported(0),
		FailureDetails: [{ EmailAddress: email, Code: code, Message: 'Subscriber is inactive' }],
	},
});

async function runWithFakeTimers(wf: WorkflowJson) {
	waits.length = 0;
	return { result: await run(wf), waits: [...waits] };
}

beforeAll(() => nock.disableNetConnect());
afterAll(() => nock.enableNetConnect());
afterEach(() => nock.cleanAll());

describe('Campaign Monitor node requests (nock)', () => {
	it('add: one import call (Resubscribe off, autoresponders queued as an add queues them), Basic auth, ConsentToTrack Yes', async () => {
		const scope = nock(API, { reqheaders: { authorization: BASIC } })
			.post(`${BASE}/subscribers/${LIST}/import.json`, {
				Subscribers: [
					{
						EmailAddress: 'jamie+news@example.com',
						ConsentToTrack: 'Yes',
						Name: 'Jamie',
						CustomFields: [],
					},
				],
				Resubscribe: false,
				QueueSubscriptionBasedAutoresponders: true,
				RestartSubscriptionBasedAutoresponders: false,
			})
			.reply(201, imported(1));
		const result = await run(
			workflow({ operation: 'add', email: 'jamie+news@example.com', name: 'Jamie' }),
		);
		expect(result.error).toBeUndefined();
		expect(scope.isDone()).toBe(true);
		expect(result.output(NODE)).toEqual([
			{
				EmailAddress: 'jamie+news@example.com',
				ListID: LIST,
				CustomFields: [],
				outcome: 'written',
			},
		]);
	});

	it.each([
		['a fresh opt-in resubscribes an Unsubscribed address', true, 206, true, {}],
		['any other update keeps the opt-out', false, 206, false, {}],
		['a Bounced address stays Bounced', true, 207, false, { resubscribeSkipped: 'Bounced' }],
	] as const)(
		'add: an address the import reports inactive costs one more call: %s',
		async (_what, resubscribe, code, revived, extra) => {
			const scope = nock(API)
				.post(`${BASE}/subscribers/${LIST}/import.json`)
				.reply(400, inactive('a@example.com', code))
				.post(
					`${BASE}/subscribers/${LIST}.json`,
					(body) => body.EmailAddress === 'a@example.com' && body.Resubscribe === revived,
				)
				.reply(201, '"a@example.com"', { 'Content-Type': 'application/json' });
			const result = await run(
				workflow({ operation: 'add', email: 'a@example.com', options: { resubscribe } }),
			);
			expect(result.error).toBeUndefined();
			expect(scope.isDone()).toBe(true);
			expect(result.output(NODE)).toEqual([
				{
					EmailAddress: 'a@example.com',
					ListID: LIST,
					CustomFields: [],
					...extra,
					outcome: 'written',
				},
			]);
		},
	);

	it('add: many items in one import; an address Campaign Monitor refuses fails only its own item', async () => {
		const scope = nock(API)
			.post(`${BASE}/subscribers/${LIST}/import.json`, (body) => body.Subscribers.length === 3)
			.reply(400, {
				Code: 210,
				Message: 'Subscriber Import had some failures',
				ResultData: {
					FailureDetails: [
						{ EmailAddress: 'x@example', Code: 1, Message: 'Invalid Email Address' },
					],
				},
			});
		const wf = workflow({ operation: 'add', email: '={{ $json.email }}' }, [
			{ email: 'a@example.com' },
			{ email: 'x@example' },
			{ email: 'b@example.com' },
		]);
		(wf.nodes[0] as { continueOnFail?: boolean }).continueOnFail = true;
		const result = await run(wf);
		expect(scope.isDone()).toBe(true);
		expect(result.output(NODE)).toEqual([
			{ EmailAddress: 'a@example.com', ListID: LIST, CustomFields: [], outcome: 'written' },
			{
				error: 'Campaign Monitor: Invalid Email Address (code 1)',
				description: expect.any(String),
				httpCode: '400',
				code: 1,
			},
			{ EmailAddress: 'b@example.com', ListID: LIST, CustomFields: [], outcome: 'written' },
		]);
	});

	it('update: a rename answered with a 500 after Campaign Monitor made it, sent again, meets "not in list" for the old address: the new address is read and the rename reported done', async () => {
		const scope = nock(API)
			.put(`${BASE}/subscribers/${LIST}.json`)
			.query({ email: 'old@example.com' })
			.reply(500, { Code: 500, Message: 'Internal Server Error' })
			.put(`${BASE}/subscribers/${LIST}.json`)
			.query({ email: 'old@example.com' })
			.reply(400, { Code: 203, Message: 'Subscriber not in list or has already been removed.' })
			.get(`${BASE}/subscribers/${LIST}.json`)
			.query({ email: 'new@example.com', includetrackingpreference: 'true' })
			.reply(200, { EmailAddress: 'new@example.com', Name: '', State: 'Active', CustomFields: [] });
		const result = await run(
			workflow({ operation: 'update', email: 'old@example.com', newEmail: 'new@example.com' }),
		);
		expect(scope.isDone()).toBe(true);
		expect(result.error).toBeUndefined();
		expect(result.output(NODE)).toEqual([
			expect.objectContaining({
				EmailAddress: 'new@example.com',
				renamed: true,
				previousEmailAddress: 'old@example.com',
			}),
		]);
	});

	it('update: a rename whose answer never came (Campaign Monitor made it, the client timed out), sent again, meets "not in list": reported done, never a duplicate', async () => {
		const scope = nock(API)
			.put(`${BASE}/subscribers/${LIST}.json`)
			.query({ email: 'old@example.com' })
			.delay(1_500)
			.reply(200)
			.put(`${BASE}/subscribers/${LIST}.json`)
			.query({ email: 'old@example.com' })
			.reply(400, { Code: 203, Message: 'Subscriber not in list or has already been removed.' })
			.get(`${BASE}/subscribers/${LIST}.json`)
			.query({ email: 'new@example.com', includetrackingpreference: 'true' })
			.reply(200, { EmailAddress: 'new@example.com', Name: '', State: 'Active', CustomFields: [] });
		const result = await run(
			workflow({
				operation: 'update',
				email: 'old@example.com',
				newEmail: 'new@example.com',
				requestOptions: { timeout: 1 },
			}),
		);
		expect(scope.isDone()).toBe(true);
		expect(result.error).toBeUndefined();
		expect(result.output(NODE)).toEqual([
			expect.objectContaining({
				EmailAddress: 'new@example.com',
				renamed: true,
				previousEmailAddress: 'old@example.com',
			}),
		]);
	}, 15_000);

	it('update: "not in list" on the first try is still the error it is (nothing was renamed)', async () => {
		const scope = nock(API)
			.put(`${BASE}/subscribers/${LIST}.json`)
			.query({ email: 'old@example.com' })
			.reply(400, { Code: 203, Message: 'Subscriber not in list or has already been removed.' });
		const result = await run(
			workflow({ operation: 'update', email: 'old@example.com', newEmail: 'new@example.com' }),
		);
		expect(scope.isDone()).toBe(true);
		expect(result.error?.message).toBe(
			'Campaign Monitor: Subscriber not in list or has already been removed. (code 203)',
		);
	});

	it('update: renames with PUT ?email=<old> (URL-encoded, + kept) and the new address in the body', async () => {
		const scope = nock(API)
			.put(
				`${BASE}/subscribers/${LIST}.json`,
				(body) =>
					body.EmailAddress === 'new@example.com' &&
					body.ConsentToTrack === 'Unchanged' &&
					!('Name' in body),
			)
			.query({ email: 'old+tag@example.com' })
			.reply(200);
		const result = await run(
			workflow({ operation: 'update', email: 'old+tag@example.com', newEmail: 'new@example.com' }),
		);
		expect(scope.isDone()).toBe(true);
		expect(result.output(NODE)).toEqual([
			{
				EmailAddress: 'new@example.com',
				ListID: LIST,
				renamed: true,
				previousEmailAddress: 'old+tag@example.com',
				CustomFields: [],
				outcome: 'written',
			},
		]);
	});

	it.each([
		[
			'unsubscribe',
			'post',
			`${BASE}/subscribers/${LIST}/unsubscribe.json`,
			{ unsubscribed: true, wasInList: false, outcome: 'unchanged' },
		],
		[
			'delete',
			'delete',
			`${BASE}/subscribers/${LIST}.json?email=gone%40example.com`,
			{ deleted: true, wasInList: false, outcome: 'unchanged' },
		],
	] as const)(
		'%s: 203 (not in list) is success, not an error',
		async (operation, method, path, expected) => {
			const scope = nock(API)[method](path).reply(400, errors.subscriber_not_in_list.body);
			const result = await run(workflow({ operation, email: 'gone@example.com' }));
			expect(result.error).toBeUndefined();
			expect(scope.isDone()).toBe(true);
			expect(result.output(NODE)).toEqual([
				{ EmailAddress: 'gone@example.com', ListID: LIST, ...expected },
			]);
		},
	);

	it('get: asks for the tracking preference', async () => {
		const scope = nock(API)
			.get(`${BASE}/subscribers/${LIST}.json`)
			.query({ email: 'a@example.com', includetrackingpreference: 'true' })
			.reply(200, { EmailAddress: 'a@example.com', State: 'Active', CustomFields: [] });
		const result = await run(workflow({ operation: 'get', email: 'a@example.com' }));
		expect(scope.isDone()).toBe(true);
		expect(result.output(NODE)[0]).toMatchObject({ State: 'Active', found: true });
	});

	it('import: a partial failure (400 code 210) becomes one outcome per address, the refused one an error item with its code', async () => {
		nock(API)
			.post(
				`${BASE}/subscribers/${LIST}/import.json`,
				(body) =>
					body.Subscribers.length === 3 &&
					body.Resubscribe === false &&
					body.Subscribers.every((s: { ConsentToTrack: string }) => s.ConsentToTrack === 'Yes'),
			)
			.reply(400, importPartial);
		const result = await run(
			workflow(
				{ operation: 'import', email: '={{ $json.email }}' },
				[{ email: 'a@example.com' }, { email: 'b@example.com' }, { email: 'example+1@example' }],
				{ onError: 'continueErrorOutput' },
			),
		);
		expect(result.error).toBeUndefined();
		expect(result.output(NODE)).toEqual([
			{ EmailAddress: 'a@example.com', ListID: LIST, imported: true, outcome: 'written' },
			{ EmailAddress: 'b@example.com', ListID: LIST, imported: true, outcome: 'written' },
		]);
		// The error output: the refused address only, with Campaign Monitor's code.
		expect(result.output(NODE, 1)).toEqual([
			{
				error: 'Campaign Monitor: Invalid Email Address (code 1)',
				details: { description: expect.any(String), httpCode: '400', code: 1 },
			},
		]);
	});

	it('retries a 429 after X-RateLimit-Reset seconds, then succeeds', async () => {
		const scope = nock(API)
			.post(`${BASE}/subscribers/${LIST}/import.json`)
			.reply(429, errors.rate_limited.body, {
				'X-RateLimit-Limit': '60',
				'X-RateLimit-Remaining': '0',
				'X-RateLimit-Reset': '7',
			})
			.post(`${BASE}/subscribers/${LIST}/import.json`)
			.reply(201, imported(1));
		const { result, waits } = await runWithFakeTimers(
			workflow({ operation: 'add', email: 'a@example.com' }),
		);
		expect(result.error).toBeUndefined();
		expect(scope.isDone()).toBe(true);
		expect(waits).toEqual([7100]);
	});

	it('gives up on a rate limit that resets later than the retry wait allows, with CM’s message', async () => {
		nock(API)
			.post(`${BASE}/subscribers/${LIST}/import.json`)
			.reply(429, errors.rate_limited.body, errors.rate_limited.headers);
		const { result } = await runWithFakeTimers(
			workflow({ operation: 'add', email: 'a@example.com' }),
		);
		expect(result.error?.message).toBe('Campaign Monitor: Rate limit exceeded (code 429)');
		expect(result.error?.description).toMatch(/rate-limiting/);
	});

	it('retries 5xx with growing backoff, up to Max Retries', async () => {
		const scope = nock(API)
			.post(`${BASE}/subscribers/${LIST}/import.json`)
			.times(3)
			.reply(500, errors.server_error.body);
		const { result, waits } = await runWithFakeTimers(
			workflow({ operation: 'add', email: 'a@example.com', requestOptions: { maxRetries: 2 } }),
		);
		expect(scope.isDone()).toBe(true);
		expect(result.error?.message).toBe('Campaign Monitor: Internal Server Error (code 500)');
		expect(waits).toHaveLength(2);
		expect(waits[1]).toBeGreaterThan(waits[0]);
	});

	it('never retries a 401 or a 400', async () => {
		const auth = nock(API)
			.post(`${BASE}/subscribers/${LIST}/import.json`)
			.once()
			.reply(401, errors.invalid_api_key.body);
		const first = await run(workflow({ operation: 'add', email: 'a@example.com' }));
		expect(auth.isDone()).toBe(true);
		expect(first.error?.message).toBe('Campaign Monitor: Invalid API Key (code 100)');
		expect(nock.pendingMocks()).toEqual([]);

		const bad = nock(API)
			.post(`${BASE}/subscribers/${LIST}/unsubscribe.json`)
			.once()
			.reply(400, errors.invalid_email.body);
		const second = await run(workflow({ operation: 'unsubscribe', email: 'x@example' }));
		expect(bad.isDone()).toBe(true);
		expect(second.error?.message).toBe('Campaign Monitor: Invalid Email Address (code 1)');
	});

	it('redacts email addresses and the API key from error messages', async () => {
		nock(API)
			.put(`${BASE}/subscribers/${LIST}.json`)
			.query(true)
			.reply(400, {
				Code: 201,
				Message: `New email address jamie@example.com already exists (key ${KEY})`,
			});
		const result = await run(
			workflow({ operation: 'update', email: 'old@example.com', newEmail: 'jamie@example.com' }),
		);
		const text = JSON.stringify({
			message: result.error?.message,
			description: result.error?.description,
		});
		expect(result.error?.message).toMatch(
			/^Campaign Monitor: New email address <email sha256:[0-9a-f]{12}> already exists \(key \[redacted\]\) \(code 201\)$/,
		);
		expect(text).not.toContain('jamie@example.com');
		expect(text).not.toContain(KEY);
		expect(result.error?.description).toMatch(/duplicate/);
	});

	it('maps custom fields by the list’s types: dates to YYYY-MM-DD, labels fitted, unknown reported', async () => {
		nock(API)
			.get(`${BASE}/lists/${LIST}/customfields.json`)
			.once()
			.reply(200, [
				{
					FieldName: 'ghost_signup_date',
					Key: '[ghost_signup_date]',
					DataType: 'Date',
					FieldOptions: [],
				},
				{ FieldName: 'ghost_labels', Key: '[ghost_labels]', DataType: 'Text', FieldOptions: [] },
			]);
		const seen: unknown[] = [];
		nock(API)
			.post(`${BASE}/subscribers/${LIST}/import.json`)
			.once()
			.reply(201, (_uri, body) => {
				for (const s of (body as { Subscribers: Array<{ CustomFields: unknown }> }).Subscribers)
					seen.push(s.CustomFields);
				return imported(2);
			});
		const labels = Array.from({ length: 40 }, (_, i) => `label-number-${i}`);
		const result = await run(
			workflow(
				{
					operation: 'add',
					email: '={{ $json.email }}',
					customFields: {
						mappingMode: 'defineBelow',
						value: {
							ghost_signup_date: '={{ $json.created }}',
							ghost_labels: '={{ $json.labels }}',
							nope: 'x',
						},
					},
				},
				[
					{ email: 'x@example.com', created: '2026-03-02T23:59:59.000Z', labels },
					{ email: 'y@example.com', created: 'not a date', labels: [] },
				],
			),
		);
		const [first, second] = seen as Array<Array<{ Key: string; Value: string }>>;
		expect(first[0]).toEqual({ Key: 'ghost_signup_date', Value: '2026-03-02' });
		expect(first[1].Value.length).toBeLessThanOrEqual(250);
		expect(first[1].Value.split(', ').every((label) => labels.includes(label))).toBe(true);
		expect(second).toEqual([]);
		expect(result.output(NODE)[1].fieldIssues).toEqual([
			{ key: 'ghost_signup_date', reason: 'not a date between 1900-01-01 and 2076-06-06' },
			{ key: 'nope', reason: 'the list has no such custom field' },
		]);
	});

	it('spaces requests per list: the burst goes at once, then one per 1/rate seconds', async () => {
		const list = 'c'.repeat(32); // a list no other test used, so its bucket starts full
		const scope = nock(API)
			.post(`${BASE}/subscribers/${list}/unsubscribe.json`)
			.times(5)
			.reply(200);
		const input = Array.from({ length: 5 }, (_, i) => ({ email: `p${i}@example.com` }));
		// The clock stands still (the waits are recorded, not slept), so a busy machine's few
		// hundred milliseconds of run time do not refill the bucket.
		const clock = jest.spyOn(Date, 'now').mockReturnValue(Date.parse('2026-12-07T12:00:00Z'));
		try {
			const { result, waits } = await runWithFakeTimers(
				workflow(
					{
						operation: 'unsubscribe',
						email: '={{ $json.email }}',
						list: { __rl: true, mode: 'id', value: list },
						requestOptions: { requestsPerSecond: 1, burst: 2 },
					},
					input,
				),
			);
			expect(result.error).toBeUndefined();
			expect(scope.isDone()).toBe(true);
			// 2 go at once; the other 3 wait 1, 2 and 3 seconds.
			expect(waits).toEqual([1000, 2000, 3000]);
		} finally {
			clock.mockRestore();
		}
	});
});
