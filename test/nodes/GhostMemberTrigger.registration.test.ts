import { createHmac } from 'node:crypto';
import nock from 'nock';

import { GhostMemberTrigger } from '../../nodes/GhostMemberTrigger/GhostMemberTrigger.node';
import { deriveWebhookSecret, secretFingerprint } from '../../nodes/domain/security/webhookSecret';
import {
	ADMIN_KEY,
	GHOST_URL,
	hookContext,
	WEBHOOK_URL,
	type TriggerSetup,
} from '../helpers/contexts';

const SECRET = deriveWebhookSecret(ADMIN_KEY, 'wf1|Ghost Member Trigger');
const FINGERPRINT = secretFingerprint(SECRET);

const trigger = new GhostMemberTrigger();
const methods = trigger.webhookMethods.default;
const API = '/ghost/api/admin';
const [KEY_ID, KEY_SECRET] = ADMIN_KEY.split(':');

interface GhostWebhookBody {
	webhooks: Array<{ event: string; target_url: string; name: string; secret: string }>;
}

interface SeenRequest {
	authorization: string;
	acceptVersion: string;
	body: GhostWebhookBody;
}

/** Checks a Ghost Admin JWT the way Ghost's server does, and returns its claims. */
function verifyAdminJwt(authorization: string) {
	const token = authorization.replace(/^Ghost /, '');
	const [h, p, s] = token.split('.');
	const expected = createHmac('sha256', Buffer.from(KEY_SECRET, 'hex'))
		.update(`${h}.${p}`)
		.digest('base64url');
	expect(s).toBe(expected);
	return {
		header: JSON.parse(Buffer.from(h, 'base64url').toString()),
		payload: JSON.parse(Buffer.from(p, 'base64url').toString()),
	};
}

function ghostAcceptsWebhooks(
	seen: SeenRequest[],
	ids = ['6750c0ffee00000000000a01', '6750c0ffee00000000000e01', '6750c0ffee00000000000d01'],
) {
	let next = 0;
	return nock(GHOST_URL)
		.post(`${API}/webhooks/`)
		.times(ids.length)
		.reply(function (_uri, body) {
			seen.push({
				authorization: String(this.req.headers.authorization),
				acceptVersion: String(this.req.headers['accept-version']),
				body: body as GhostWebhookBody,
			});
			const hook = (body as GhostWebhookBody).webhooks[0];
			return [
				201,
				{ webhooks: [{ id: ids[next++], ...hook, secret: undefined, status: 'available' }] },
			];
		});
}

afterEach(() => {
	nock.cleanAll();
});
beforeAll(() => nock.disableNetConnect());
afterAll(() => nock.enableNetConnect());

describe('Ghost Member Trigger webhook registration (automatic mode)', () => {
	it('registers one webhook per event with one derived secret and stores ids (and no secret) in static data', async () => {
		const seen: SeenRequest[] = [];
		const scope = ghostAcceptsWebhooks(seen);
		const { context, staticData } = hookContext();

		expect(await methods.checkExists.call(context)).toBe(false);
		expect(await methods.create.call(context)).toBe(true);
		expect(scope.isDone()).toBe(true);

		const hooks = seen.map((request) => request.body.webhooks[0]);
		expect(hooks.map((hook) => hook.event)).toEqual([
			'member.added',
			'member.edited',
			'member.deleted',
		]);
		expect(hooks.map((hook) => hook.target_url)).toEqual([
			`${WEBHOOK_URL}?event=member.added`,
			`${WEBHOOK_URL}?event=member.edited`,
			`${WEBHOOK_URL}?event=member.deleted`,
		]);
		expect(hooks[0].name).toBe('n8n: Ghost → Campaign Monitor');
		expect(hooks.map((hook) => hook.secret)).toEqual([SECRET, SECRET, SECRET]);

		expect(staticData).toEqual({
			webhookUrl: WEBHOOK_URL,
			webhookIds: {
				'member.added': '6750c0ffee00000000000a01',
				'member.edited': '6750c0ffee00000000000e01',
				'member.deleted': '6750c0ffee00000000000d01',
			},
			secretFingerprint: FINGERPRINT,
		});
		expect(await methods.checkExists.call(context)).toBe(true);
	});

	it('signs every request with a fresh Admin JWT: HS256, kid, aud /admin/, 5-minute expiry', async () => {
		const seen: SeenRequest[] = [];
		ghostAcceptsWebhooks(seen);
		const before = Math.floor(Date.now() / 1000);
		await methods.create.call(hookContext().context);
		for (const request of seen) {
			expect(request.acceptVersion).toBe('v6.0');
			const { header, payload } = verifyAdminJwt(request.authorization);
			expect(header).toEqual({ alg: 'HS256', typ: 'JWT', kid: KEY_ID });
			expect(payload.aud).toBe('/admin/');
			expect(payload.exp - payload.iat).toBe(300);
			expect(payload.iat).toBeGreaterThanOrEqual(before);
		}
	});

	it('derives the secret from the Admin API key: the same on every activation, another with another key', async () => {
		const seen: SeenRequest[] = [];
		ghostAcceptsWebhooks(seen, ['a1', 'e1', 'd1']);
		await methods.create.call(hookContext().context);
		ghostAcceptsWebhooks(seen, ['a2', 'e2', 'd2']);
		await methods.create.call(hookContext().context);
		ghostAcceptsWebhooks(seen, ['a3', 'e3', 'd3']);
		const otherKey = `6489f4f1c2f0a10001a0b0c1:${'fedcba9876543210'.repeat(4)}`;
		await methods.create.call(
			hookContext({
				credentials: {
					ghostMembersAdminApi: { url: GHOST_URL, apiKey: otherKey, allowHttp: false },
				},
			}).context,
		);
		const secrets = seen.map((request) => request.body.webhooks[0].secret);
		expect(secrets.slice(0, 6)).toEqual(Array(6).fill(SECRET));
		expect(secrets[6]).toMatch(/^[0-9a-f]{64}$/);
		expect(secrets[6]).not.toBe(SECRET);
	});

	it('sees a changed event selection or webhook URL as "not registered"', async () => {
		const state = {
			webhookUrl: WEBHOOK_URL,
			webhookIds: {
				'member.added': '6750c0ffee00000000000a03',
				'member.edited': '6750c0ffee00000000000e03',
				'member.deleted': '6750c0ffee00000000000d03',
			},
			secretFingerprint: FINGERPRINT,
		};
		expect(await methods.checkExists.call(hookContext({ staticData: { ...state } }).context)).toBe(
			true,
		);
		const fewer: TriggerSetup = {
			staticData: { ...state },
			parameters: { events: ['member.added'] },
		};
		expect(await methods.checkExists.call(hookContext(fewer).context)).toBe(false);
		const moved: TriggerSetup = {
			staticData: { ...state },
			webhookUrl: 'https://other.example.com/webhook/x/webhook',
		};
		expect(await methods.checkExists.call(hookContext(moved).context)).toBe(false);
		// Registered under an earlier Admin API key: register again so Ghost signs with the new secret.
		const rekeyed: TriggerSetup = {
			staticData: { ...state, secretFingerprint: secretFingerprint('old secret') },
		};
		expect(await methods.checkExists.call(hookContext(rekeyed).context)).toBe(false);
		const adopted: TriggerSetup = {
			staticData: {
				...state,
				webhookIds: { 'member.added': '6750c0ffee00000000000a03' },
				adoptedEvents: ['member.edited', 'member.deleted'],
			},
		};
		expect(await methods.checkExists.call(hookContext(adopted).context)).toBe(true);
	});

	it('removes the webhooks it registered before registering again', async () => {
		const removed = nock(GHOST_URL)
			.delete(`${API}/webhooks/6750c0ffee00000000000a00/`)
			.reply(204)
			.delete(`${API}/webhooks/6750c0ffee00000000000e00/`)
			.reply(404, { errors: [{ message: 'Resource not found error, cannot delete webhook.' }] });
		const seen: SeenRequest[] = [];
		ghostAcceptsWebhooks(seen, ['6750c0ffee00000000000a02']);
		const { context, staticData } = hookContext({
			staticData: {
				webhookIds: {
					'member.added': '6750c0ffee00000000000a00',
					'member.edited': '6750c0ffee00000000000e00',
				},
				secret: 'old',
			},
			parameters: { events: ['member.added'] },
		});
		await methods.create.call(context);
		expect(removed.isDone()).toBe(true);
		expect(staticData.webhookIds).toEqual({ 'member.added': '6750c0ffee00000000000a02' });
	});

	it('uses a webhook Ghost already has for this URL (422) as it is: its ids were lost, its secret is the same', async () => {
		const scope = nock(GHOST_URL)
			.post(`${API}/webhooks/`)
			.reply(201, { webhooks: [{ id: '6750c0ffee00000000000a01' }] })
			.post(`${API}/webhooks/`)
			.reply(422, {
				errors: [
					{ message: 'Target URL has already been used for this event.', type: 'ValidationError' },
				],
			})
			.post(`${API}/webhooks/`)
			.reply(201, { webhooks: [{ id: '6750c0ffee00000000000d01' }] });
		const { context, staticData } = hookContext();
		expect(await methods.create.call(context)).toBe(true);
		expect(scope.isDone()).toBe(true);
		expect(staticData).toEqual({
			webhookUrl: WEBHOOK_URL,
			webhookIds: {
				'member.added': '6750c0ffee00000000000a01',
				'member.deleted': '6750c0ffee00000000000d01',
			},
			adoptedEvents: ['member.edited'],
			secretFingerprint: FINGERPRINT,
		});
		expect(await methods.checkExists.call(hookContext({ staticData }).context)).toBe(true);
	});

	it('rolls back the webhooks it created when Ghost refuses one for another reason', async () => {
		const scope = nock(GHOST_URL)
			.post(`${API}/webhooks/`)
			.reply(201, { webhooks: [{ id: '6750c0ffee00000000000a01' }] })
			.post(`${API}/webhooks/`)
			.reply(500, { errors: [{ message: 'boom' }] })
			.delete(`${API}/webhooks/6750c0ffee00000000000a01/`)
			.reply(204);
		const { context, staticData } = hookContext();
		await expect(methods.create.call(context)).rejects.toThrow();
		expect(scope.isDone()).toBe(true);
		expect(staticData.webhookIds).toBeUndefined();
	});

	it('turns Ghost’s 401 into a readable error without the key', async () => {
		nock(GHOST_URL)
			.post(`${API}/webhooks/`)
			.reply(401, { errors: [{ message: 'Unknown Admin API Key', type: 'UnauthorizedError' }] });
		const error = await methods.create.call(hookContext().context).catch((e: Error) => e);
		expect(error).toMatchObject({
			message: 'Ghost refused the Admin API key',
			description: 'Unknown Admin API Key',
			httpCode: '401',
		});
		expect(JSON.stringify(error)).not.toContain(KEY_SECRET);
	});

	it('keeps member addresses out of Ghost’s error text', async () => {
		nock(GHOST_URL)
			.post(`${API}/webhooks/`)
			.reply(400, {
				errors: [
					{
						message: 'Validation error',
						context: 'Member jamie@example.com already exists',
						type: 'ValidationError',
					},
				],
			});
		const error = (await methods.create
			.call(hookContext().context)
			.catch((e: unknown) => e)) as Error & { description?: string };
		expect(error.description).toMatch(
			/^Validation error Member <email sha256:[0-9a-f]{12}> already exists$/,
		);
		expect(JSON.stringify({ m: error.message, d: error.description })).not.toContain(
			'jamie@example.com',
		);
	});

	it('refuses an http site URL unless the credential allows it, before any request', async () => {
		const { context } = hookContext({
			credentials: {
				ghostMembersAdminApi: {
					url: 'http://ghost.example.com',
					apiKey: ADMIN_KEY,
					allowHttp: false,
				},
			},
		});
		await expect(methods.create.call(context)).rejects.toThrow(/uses http/);
	});

	/** Static data of a trigger that registered member.added and member.edited. */
	const twoRegistered = () => ({
		webhookUrl: WEBHOOK_URL,
		webhookIds: {
			'member.added': '6750c0ffee00000000000a03',
			'member.edited': '6750c0ffee00000000000e03',
		},
		secret: 's',
	});

	it('removes its webhooks on deactivation, 404 counting as already gone', async () => {
		const scope = nock(GHOST_URL)
			.delete(`${API}/webhooks/6750c0ffee00000000000a03/`)
			.reply(204)
			.delete(`${API}/webhooks/6750c0ffee00000000000e03/`)
			.reply(404, { errors: [{ message: 'Resource not found error, cannot delete webhook.' }] });
		const { context, staticData } = hookContext({
			staticData: twoRegistered(),
		});
		expect(await methods.delete.call(context)).toBe(true);
		expect(scope.isDone()).toBe(true);
		expect(staticData).toEqual({});
	});

	it('keeps the ids it could not remove for the next attempt (after retrying the 500s)', async () => {
		nock(GHOST_URL)
			.delete(`${API}/webhooks/6750c0ffee00000000000a03/`)
			.reply(204)
			.delete(`${API}/webhooks/6750c0ffee00000000000e03/`)
			.times(4)
			.reply(500, { errors: [{ message: 'boom' }] });
		const { context, staticData } = hookContext({
			staticData: twoRegistered(),
		});
		expect(await methods.delete.call(context)).toBe(false);
		expect(staticData.webhookIds).toEqual({ 'member.edited': '6750c0ffee00000000000e03' });
	}, 20_000);

	it.each([[['member.updated']], [['member.added', 'member.updated']], [[]]])(
		'refuses to activate with events %p',
		async (events) => {
			const { context } = hookContext({ parameters: { events } });
			await expect(methods.checkExists.call(context)).rejects.toThrow(
				events.length
					? /Ghost has no "member.updated" event: use "member.edited"/
					: /Select at least one/,
			);
		},
	);
});

describe('Ghost Member Trigger manual mode', () => {
	const manual = (secret: string) =>
		hookContext({
			parameters: { webhookSetup: 'manual' },
			credentials: { ghostWebhookSecretApi: { secret } },
		}).context;

	it('activates without calling Ghost when the credential has a secret', async () => {
		expect(await methods.checkExists.call(manual('typed-secret'))).toBe(true);
		expect(await methods.create.call(manual('typed-secret'))).toBe(true);
		expect(await methods.delete.call(manual('typed-secret'))).toBe(true);
	});

	it('refuses to activate without a secret', async () => {
		await expect(methods.checkExists.call(manual(''))).rejects.toThrow(/has no secret/);
	});
});
