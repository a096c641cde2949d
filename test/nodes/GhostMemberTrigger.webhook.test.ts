import { GhostMemberTrigger } from '../../nodes/GhostMemberTrigger/GhostMemberTrigger.node';
import { processState } from '../../nodes/helpers/processState';
import { signGhostPayload } from '../harness/ghostSigning';
import { deriveWebhookSecret } from '../../nodes/domain/security/webhookSecret';
import added from '../fixtures/ghost/member.added.json';
import deleted from '../fixtures/ghost/member.deleted.json';
import editedName from '../fixtures/ghost/member.edited.name.json';
import { ADMIN_KEY, webhookContext, type TriggerSetup } from '../helpers/contexts';

// What automatic setup registered with Ghost: derived from the Admin API key and the node.
const SECRET = deriveWebhookSecret(ADMIN_KEY, 'wf1|Ghost Member Trigger');
const trigger = new GhostMemberTrigger();

async function deliver(
	payload: unknown,
	options: {
		secret?: string;
		timestamp?: number;
		header?: string | null;
		query?: Record<string, string>;
		setup?: TriggerSetup;
		raw?: string;
	} = {},
) {
	const raw = options.raw ?? JSON.stringify(payload);
	const header =
		options.header === null
			? undefined
			: (options.header ??
				signGhostPayload(raw, options.secret ?? SECRET, options.timestamp ?? Date.now()));
	const { context, response } = webhookContext(
		{
			rawBody: Buffer.from(raw),
			headers: header ? { 'X-Ghost-Signature': header } : {},
			query: options.query,
		},
		{ staticData: { secret: SECRET }, ...options.setup },
	);
	const result = await trigger.webhook.call(context);
	return { result, response };
}

describe('Ghost Member Trigger webhook()', () => {
	// Tests re-send the same fixture within a millisecond: start each with no deliveries seen.
	beforeEach(() => processState.recentDeliveries.clear());

	it('answers Ghost 200 itself, before the execution starts, and emits one item for a signed member.added', async () => {
		const { result, response } = await deliver(
			{ ...added, event: 'member.added' },
			{
				setup: { staticData: { secret: SECRET }, parameters: { site: 'daily-news' } },
			},
		);
		// Written by the node, so n8n need not start the execution before Ghost gets its answer.
		expect(response).toEqual({ status: 200, body: { status: 'accepted', event: 'member.added' } });
		expect(result.noWebhookResponse).toBe(true);
		expect(result.workflowData).toEqual([
			[
				{
					json: expect.objectContaining({
						event: 'member.added',
						site: 'daily-news',
						memberId: '65e2ee2f3c1a4b0001a1b2c3',
						member: added.member.current,
						previous: {},
						changedKeys: [],
						receivedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
					}),
				},
			],
		]);
	});

	it('names the site after the Ghost host when no site name is set', async () => {
		const { result } = await deliver({ ...editedName, event: 'member.edited' });
		expect(result.workflowData?.[0][0].json).toMatchObject({
			site: 'ghost.example.com',
			changedKeys: ['name', 'updated_at'],
		});
	});

	it('takes the event from ?event= when the body has none', async () => {
		const { result } = await deliver(deleted, { query: { event: 'member.deleted' } });
		expect(result.workflowData?.[0][0].json).toMatchObject({
			event: 'member.deleted',
			member: { email: 'testemail2@example.com' },
		});
	});

	it.each([
		[
			'a forged signature',
			{ secret: 'another secret' },
			'signature_mismatch',
			'Signature does not match the request body',
		],
		[
			'no signature header',
			{ header: null },
			'missing_signature',
			expect.stringContaining('Missing X-Ghost-Signature'),
		],
		[
			'a malformed header',
			{ header: 'sha256=zz' },
			'malformed_signature',
			expect.stringContaining('Malformed'),
		],
		[
			'a replayed (stale) request',
			{ timestamp: Date.now() - 6 * 60_000 },
			'timestamp_expired',
			'Signature timestamp is too old',
		],
		[
			'a request from the future',
			{ timestamp: Date.now() + 10 * 60_000 },
			'timestamp_in_future',
			'Signature timestamp is in the future',
		],
		[
			'a trigger whose Ghost credential is gone (no secret to check with)',
			{ setup: { credentials: {} } },
			'missing_secret',
			expect.stringContaining('no webhook secret'),
		],
	])('answers 401 to %s and starts nothing', async (_name, options, reason, message) => {
		const { result, response } = await deliver(
			{ ...added, event: 'member.added' },
			options as never,
		);
		expect(result).toEqual({ noWebhookResponse: true });
		expect(response).toEqual({ status: 401, body: { status: 'rejected', reason, message } });
	});

	it('checks signatures with the secret derived from the credential, whatever static data holds (queue-mode workers rewrite it)', async () => {
		const { response } = await deliver(
			{ ...added, event: 'member.added' },
			{ setup: { staticData: {} } },
		);
		expect(response).toEqual({ status: 200, body: { status: 'accepted', event: 'member.added' } });
		const otherKey = `6489f4f1c2f0a10001a0b0c1:${'fedcba9876543210'.repeat(4)}`;
		processState.credentialValues.clear(); // a minute later: the credential now holds another key
		const { response: rejected } = await deliver(
			{ ...added, event: 'member.added' },
			{
				setup: {
					credentials: {
						ghostMembersAdminApi: {
							url: 'https://ghost.example.com',
							apiKey: otherKey,
							allowHttp: false,
						},
					},
				},
			},
		);
		expect(rejected).toMatchObject({ status: 401, body: { reason: 'signature_mismatch' } });
	});

	it('honours the configured signature max age', async () => {
		const { response } = await deliver(
			{ ...added, event: 'member.added' },
			{
				timestamp: Date.now() - 20_000,
				setup: { staticData: { secret: SECRET }, parameters: { options: { maxAgeSeconds: 10 } } },
			},
		);
		expect(response).toMatchObject({ status: 401, body: { reason: 'timestamp_expired' } });
	});

	it('verifies with the credential’s secret in manual mode', async () => {
		const setup: TriggerSetup = {
			parameters: { webhookSetup: 'manual' },
			staticData: {},
			credentials: { ghostWebhookSecretApi: { secret: 'typed-in-ghost-admin' } },
		};
		const ok = await deliver(
			{ ...added, event: 'member.added' },
			{ secret: 'typed-in-ghost-admin', setup },
		);
		expect(ok.result.workflowData?.[0][0].json).toMatchObject({
			event: 'member.added',
			site: 'ghost',
		});
		const bad = await deliver({ ...added, event: 'member.added' }, { secret: SECRET, setup });
		expect(bad.response).toMatchObject({ status: 401, body: { reason: 'signature_mismatch' } });
	});

	it.each([NaN, Infinity, -5, 'abc'])(
		'keeps both time checks when the max age is %p (falls back to 5 minutes)',
		async (maxAgeSeconds) => {
			const setup = { staticData: { secret: SECRET }, parameters: { options: { maxAgeSeconds } } };
			const old = await deliver(
				{ ...added, event: 'member.added' },
				{ timestamp: Date.now() - 10 * 60_000, setup },
			);
			expect(old.response).toMatchObject({ status: 401, body: { reason: 'timestamp_expired' } });
			const future = await deliver(
				{ ...added, event: 'member.added' },
				{ timestamp: Date.now() + 10 * 60_000, setup },
			);
			expect(future.response).toMatchObject({
				status: 401,
				body: { reason: 'timestamp_in_future' },
			});
			const fresh = await deliver({ ...added, event: 'member.added' }, { setup });
			expect(fresh.result.workflowData).toHaveLength(1);
		},
	);

	it('reads literal parameters without n8n’s expression engine, and evaluates only expressions', async () => {
		const raw = JSON.stringify({ ...added, event: 'member.added' });
		/** Runs webhook() with `site` set, recording which parameters went through getNodeParameter. */
		const evaluatedFor = async (site: string, timestamp: number) => {
			const { context } = webhookContext(
				{
					rawBody: Buffer.from(raw),
					headers: { 'X-Ghost-Signature': signGhostPayload(raw, SECRET, timestamp) },
				},
				{ staticData: { secret: SECRET }, parameters: { site } },
			);
			const evaluated: string[] = [];
			const watched = new Proxy(context, {
				get: (target, key) =>
					key === 'getNodeParameter'
						? (name: string, fallback?: unknown) => (
								evaluated.push(name),
								(target.getNodeParameter as (n: string, f?: unknown) => unknown)(name, fallback)
							)
						: Reflect.get(target, key),
			});
			const result = await trigger.webhook.call(watched);
			return { evaluated, item: result.workflowData?.[0][0].json };
		};
		const literal = await evaluatedFor('literal-site', Date.now());
		expect(literal.item).toMatchObject({ site: 'literal-site' });
		expect(literal.evaluated).toEqual([]);
		// An expression is still evaluated (by n8n, as before).
		expect((await evaluatedFor('={{ "from-expression" }}', Date.now() + 1)).evaluated).toEqual([
			'site',
		]);
	});

	it('answers 401 missing_secret (not 500) in manual mode when no credential is selected', async () => {
		const { result, response } = await deliver(
			{ ...added, event: 'member.added' },
			{
				setup: { parameters: { webhookSetup: 'manual' }, credentials: {} },
			},
		);
		expect(response).toMatchObject({ status: 401, body: { reason: 'missing_secret' } });
		expect(result.workflowData).toBeUndefined();
	});

	it('starts a signed delivery once: the same request replayed inside its window gets 200 duplicate', async () => {
		const raw = JSON.stringify({ ...added, event: 'member.added' });
		const header = signGhostPayload(raw, SECRET, Date.now());
		const first = await deliver(null, { raw, header });
		expect(first.result.workflowData).toHaveLength(1);
		for (let i = 0; i < 3; i++) {
			const again = await deliver(null, { raw, header });
			expect(again.result.workflowData).toBeUndefined();
			expect(again.response).toMatchObject({
				status: 200,
				body: { status: 'duplicate', reason: 'replayed_delivery' },
			});
		}
		// A new delivery of the same body (Ghost signs each with its own timestamp) still runs.
		const next = await deliver(null, {
			raw,
			header: signGhostPayload(raw, SECRET, Date.now() + 1),
		});
		expect(next.result.workflowData).toHaveLength(1);
	});

	it('refuses everything in manual mode when the credential has an empty secret', async () => {
		const { response } = await deliver(
			{ ...added, event: 'member.added' },
			{
				secret: '',
				setup: {
					parameters: { webhookSetup: 'manual' },
					credentials: { ghostWebhookSecretApi: { secret: '' } },
				},
			},
		);
		expect(response).toMatchObject({ status: 401, body: { reason: 'missing_secret' } });
	});

	it('acknowledges an activity-only edit with 200 and starts nothing', async () => {
		const payload = {
			event: 'member.edited',
			member: {
				current: editedName.member.current,
				previous: { last_seen_at: null, updated_at: 'x' },
			},
		};
		const { result, response } = await deliver(payload);
		expect(result).toEqual({ noWebhookResponse: true });
		expect(response).toEqual({
			status: 200,
			body: { status: 'ignored', event: 'member.edited', reason: 'activity-only edit' },
		});
	});

	it('starts the workflow for an activity-only edit when the option keeps them', async () => {
		const payload = {
			event: 'member.edited',
			member: {
				current: editedName.member.current,
				previous: { last_seen_at: null, updated_at: 'x' },
			},
		};
		const { result } = await deliver(payload, {
			setup: {
				staticData: { secret: SECRET },
				parameters: { options: { keepActivityOnlyEdits: true } },
			},
		});
		expect(result.workflowData?.[0][0].json).toMatchObject({
			changedKeys: ['last_seen_at', 'updated_at'],
		});
	});

	it('acknowledges an event that is not selected with 200 and starts nothing', async () => {
		const { result, response } = await deliver(
			{ ...deleted, event: 'member.deleted' },
			{
				setup: { staticData: { secret: SECRET }, parameters: { events: ['member.added'] } },
			},
		);
		expect(result).toEqual({ noWebhookResponse: true });
		expect(response.status).toBe(200);
	});

	it.each([
		['member.updated in the URL', added, { event: 'member.updated' }, /no "member.updated" event/],
		[
			'a post event',
			{ ...added, event: 'post.published' },
			{},
			/Unsupported Ghost event "post.published"/,
		],
		['no event at all', added, {}, /\?event=member.added/],
		[
			'a body that is not a member payload',
			{ post: { current: {} } },
			{ event: 'member.added' },
			/not a Ghost member webhook/,
		],
	])(
		'answers 400 with a reason to %s (signed, so the sender is Ghost)',
		async (_name, payload, query, message) => {
			const { result, response } = await deliver(payload, {
				query: query as Record<string, string>,
			});
			expect(result).toEqual({ noWebhookResponse: true });
			expect(response.status).toBe(400);
			expect(response.body).toMatchObject({
				status: 'rejected',
				reason: 'invalid_payload',
				message: expect.stringMatching(message),
			});
		},
	);

	it('answers 400 to an empty body', async () => {
		const { response } = await deliver(undefined, { raw: '' });
		expect(response).toMatchObject({ status: 400, body: { reason: 'empty_body' } });
	});

	it('never answers 410 (Ghost would delete the webhook) and never echoes emails or secrets', async () => {
		const cases = [
			await deliver({ ...added, event: 'member.added' }, { secret: 'wrong' }),
			await deliver({ ...added, event: 'member.updated' }),
			await deliver(
				{ ...deleted, event: 'member.deleted' },
				{ setup: { staticData: { secret: SECRET }, parameters: { events: ['member.added'] } } },
			),
			await deliver(undefined, { raw: '' }),
		];
		for (const { response } of cases) {
			expect(response.status).not.toBe(410);
			const text = JSON.stringify(response.body);
			expect(text).not.toMatch(/@example\.com/);
			expect(text).not.toContain(SECRET);
		}
	});
});
