'use strict';
// A local Campaign Monitor (API v3.3) for tests, benchmarks and the demo. Same paths, query
// names (case-insensitive), status codes and {"Code","Message"} bodies as the real API, plus
// injectable faults and a /_sim/ inspection API. Not part of the published package.
const http = require('node:http');
const { readFileSync } = require('node:fs');
const { join } = require('node:path');
const { Account, CmError } = require('./state');

const BASE = '/api/v3.3';
const FIXTURES = join(__dirname, '..', 'fixtures', 'campaign-monitor');

function fixture(name) {
	return JSON.parse(readFileSync(join(FIXTURES, name), 'utf8'));
}

/** The account the recorded fixtures describe, so GETs answer with the very same JSON. */
function seedFromFixtures(account) {
	const [clientOne, clientTwo] = fixture('clients.json');
	account.addClient(clientOne);
	account.addClient(clientTwo);
	for (const list of fixture('lists.json'))
		account.addList(clientOne.ClientID, { ListID: list.ListID, Title: list.Name });
	const details = fixture('list_details.json');
	const list = account.addList(clientTwo.ClientID, details);
	list.customFields = fixture('custom_fields.json');
	const subscriber = fixture('subscriber_details.json');
	// Stored as the simulator keeps subscribers: custom field values by FieldName (the fixture's keys).
	const { CustomFields, ...stored } = subscriber;
	list.subscribers.set(stored.EmailAddress.toLowerCase(), {
		...stored,
		fields: Object.fromEntries(CustomFields.map((field) => [field.Key, field.Value])),
	});
}

function readBody(req) {
	return new Promise((resolve, reject) => {
		const chunks = [];
		req.on('data', (c) => chunks.push(c));
		req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
		req.on('error', reject);
	});
}

function parseJson(text) {
	if (!text) return undefined;
	try {
		return JSON.parse(text);
	} catch {
		throw new CmError(
			400,
			400,
			'Failed to deserialize your request. Please check the documentation and try again.',
		);
	}
}

function lowerQuery(url) {
	const query = {};
	for (const [key, value] of url.searchParams) query[key.toLowerCase()] = value;
	return query;
}

/** Deterministic pseudo-random numbers for rate-based faults (mulberry32). */
function seededRandom(seed) {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

class CampaignMonitorSimulator {
	constructor(options = {}) {
		this.apiKeys = new Set(options.apiKeys ?? ['sim-api-key']);
		this.seed = options.seed ?? 'fixtures';
		this.random = seededRandom(options.randomSeed ?? 42);
		this.reset();
		// { limit, windowSeconds, per?: 'key' | 'list' }: one window per API key, or per API key and list.
		this.rateLimit = options.rateLimit ?? null;
		this.subscriberAddLimit = options.subscriberAddLimit ?? null; // { count, windowSeconds }
		// Campaign Monitor queues a single add: for this long after one, reading that subscriber
		// answers what was there before (203 for a new one). 0: reads are current at once.
		this.queuedAddMs = options.queuedAddMs ?? 0;
		this.server = http.createServer((req, res) => {
			this.handle(req, res).catch((error) => {
				if (!res.headersSent) this.send(res, 500, { Code: 500, Message: 'Internal Server Error' });
				console.error('cm-simulator:', error);
			});
		});
		this.server.keepAliveTimeout = 5000;
	}

	reset() {
		this.account = new Account();
		if (this.seed === 'fixtures') seedFromFixtures(this.account);
		// List webhooks: events are batched per list for a moment, then POSTed as Campaign Monitor does.
		this.account.onEvent = (listId, event) => this.queueEvent(listId, event);
		this.pendingEvents = new Map();
		/** Every webhook delivery made: { webhookId, listId, url, status, events } (status 0: no answer). */
		this.deliveries = [];
		this.faults = [];
		this.clearRequestLog();
		// Successful subscriber writes (POST /subscribers/{listId}.json, or an import's entry) per
		// "listId|email".
		this.adds = new Map();
		this.windows = new Map();
		this.addTimes = new Map();
		/** "listId|email" → { before (the answer a read gave before the add), until } */
		this.queuedAdds = new Map();
		/** Reads answered from before a queued add. */
		this.staleReads = 0;
	}

	/** The answer to a subscriber read while an add of that address is still queued, if it is. */
	queuedRead(listId, email) {
		const key = `${listId}|${String(email ?? '')
			.trim()
			.toLowerCase()}`;
		const queued = this.queuedAdds.get(key);
		if (!queued) return undefined;
		if (Date.now() >= queued.until) {
			this.queuedAdds.delete(key);
			return undefined;
		}
		this.staleReads++;
		if (!queued.before)
			throw new CmError(400, 203, 'Subscriber not in list or has already been removed.');
		return queued.before;
	}

	/** What a read of the address answers now (undefined: not in the list). */
	currentRead(listId, email) {
		try {
			return this.account.details(listId, email, { includetrackingpreference: 'true' });
		} catch (error) {
			if (error instanceof CmError) return undefined;
			throw error;
		}
	}

	clearRequestLog() {
		this.requests = { total: 0, byRoute: {}, rateLimited: 0, faulted: 0 };
	}

	async listen(port = 0, host = '127.0.0.1') {
		await new Promise((resolve) => this.server.listen(port, host, resolve));
		this.url = `http://${host}:${this.server.address().port}${BASE}`;
		this.origin = `http://${host}:${this.server.address().port}`;
		return this;
	}

	async close() {
		this.server.closeAllConnections?.();
		await new Promise((resolve) => this.server.close(resolve));
	}

	/**
	 * Faults: { method?, path? (regex on the API path), times?, probability?, status?, body?,
	 * headers?, latencyMs?, drop?, afterActing? (the request is carried out, then answered with
	 * `status`, or with drop its connection is reset: the answer lost)
	 * `status`) }
	 */
	addFault(fault) {
		this.faults.push({
			...fault,
			remaining: fault.times ?? (fault.probability !== undefined ? Infinity : 1),
		});
	}

	countAdd(listId, email) {
		const key = `${listId.toLowerCase()}|${email.trim().toLowerCase()}`;
		this.adds.set(key, (this.adds.get(key) ?? 0) + 1);
	}

	queueEvent(listId, event) {
		const pending = this.pendingEvents.get(listId);
		if (pending) return void pending.push(event);
		this.pendingEvents.set(listId, [event]);
		setTimeout(() => {
			const events = this.pendingEvents.get(listId) ?? [];
			this.pendingEvents.delete(listId);
			void this.deliver(listId, events);
		}, this.webhookBatchMs ?? 100);
	}

	/** No list event waits to be sent and every delivery made has had its answer. */
	get webhooksIdle() {
		return (
			this.pendingEvents.size === 0 &&
			this.deliveries.every((delivery) => delivery.status !== 0 || delivery.error !== undefined)
		);
	}

	/** POSTs a list's batched events to each active webhook that asked for their types. */
	async deliver(listId, events) {
		const list = this.account.lists.get(listId);
		for (const hook of list ? list.webhooks.values() : []) {
			if (hook.Status !== 'Active') continue;
			const wanted = events.filter((event) => hook.Events.includes(event.Type));
			if (wanted.length) await this.post(hook, listId, wanted);
		}
	}

	async post(hook, listId, events) {
		const delivery = { webhookId: hook.WebhookID, listId, url: hook.Url, status: 0, events };
		this.deliveries.push(delivery);
		try {
			const response = await fetch(hook.Url, {
				method: 'POST',
				headers: { 'Content-Type': 'application/json; charset=utf-8' },
				body: JSON.stringify({ Events: events, ListID: listId }),
				signal: AbortSignal.timeout(10_000),
			});
			delivery.status = response.status;
			delivery.answer = (await response.text()).slice(0, 500);
		} catch (error) {
			delivery.error = String(error.message ?? error);
		}
		return delivery;
	}

	/** GET …/webhooks/{id}/test.json: a sample event to the URL; 400 with its answer when it fails. */
	async testWebhook(res, hook, headers) {
		const listId = [...this.account.lists.values()].find((l) =>
			l.webhooks.get(hook.WebhookID),
		)?.ListID;
		const delivery = await this.post(hook, listId, [
			{
				Type: 'Subscribe',
				Date: new Date().toISOString().slice(0, 19).replace('T', ' '),
				EmailAddress: 'test@example.com',
				Name: 'Test Subscriber',
				CustomFields: [],
				SignupIPAddress: 'TypeTest',
			},
		]);
		if (delivery.status >= 200 && delivery.status < 300)
			return this.send(res, 200, undefined, headers);
		return this.send(
			res,
			400,
			{
				Code: 610,
				Message: 'The webhook test failed',
				ResultData: {
					FailureStatus: delivery.status ? 'ProtocolError' : 'ConnectFailure',
					FailureResponseMessage: delivery.error ?? `HTTP ${delivery.status}`,
					FailureResponseCode: delivery.status,
					FailureResponse: delivery.answer ?? '',
				},
			},
			headers,
		);
	}

	/** Ends every injected fault (the outage is over). */
	clearFaults() {
		this.faults = [];
	}

	send(res, status, body, headers = {}) {
		const text = body === undefined ? '' : JSON.stringify(body);
		res.writeHead(status, {
			'Content-Type': 'application/json; charset=utf-8',
			'Content-Length': Buffer.byteLength(text),
			...headers,
		});
		res.end(text);
	}

	takeFault(method, path) {
		for (const fault of this.faults) {
			if (fault.remaining <= 0) continue;
			if (fault.method && fault.method.toUpperCase() !== method) continue;
			if (fault.path && !new RegExp(fault.path, 'i').test(path)) continue;
			if (fault.probability !== undefined && this.random() >= fault.probability) continue;
			fault.remaining--;
			return fault;
		}
		return undefined;
	}

	rateLimitHeaders(apiKey, path) {
		if (!this.rateLimit) return { headers: {}, exceeded: false };
		const now = Date.now();
		const windowMs = this.rateLimit.windowSeconds * 1000;
		const listId =
			this.rateLimit.per === 'list'
				? /^\/(?:subscribers|lists)\/([^/.]+)/i.exec(path)?.[1]
				: undefined;
		const key = listId ? `${apiKey}|${listId.toLowerCase()}` : apiKey;
		let window = this.windows.get(key);
		if (!window || now >= window.start + windowMs) {
			window = { start: now, used: 0 };
			this.windows.set(key, window);
		}
		window.used++;
		const exceeded = window.used > this.rateLimit.limit;
		return {
			exceeded,
			headers: {
				'X-RateLimit-Limit': String(this.rateLimit.limit),
				'X-RateLimit-Remaining': String(Math.max(0, this.rateLimit.limit - window.used)),
				'X-RateLimit-Reset': String(Math.max(0, Math.ceil((window.start + windowMs - now) / 1000))),
			},
		};
	}

	checkSubscriberAddRate(listId, email) {
		if (!this.subscriberAddLimit || typeof email !== 'string') return;
		const key = `${listId}|${email.trim().toLowerCase()}`;
		const now = Date.now();
		const windowMs = this.subscriberAddLimit.windowSeconds * 1000;
		const times = (this.addTimes.get(key) ?? []).filter((t) => now - t < windowMs);
		times.push(now);
		this.addTimes.set(key, times);
		if (times.length > this.subscriberAddLimit.count) {
			throw new CmError(
				429,
				429,
				'Subscriber was added too many times too quickly, try again later.',
			);
		}
	}

	authenticate(req) {
		const header = req.headers.authorization ?? '';
		const match = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(header);
		if (!match) throw new CmError(401, 50, 'Must supply a valid HTTP Basic Authorization header');
		const decoded = Buffer.from(match[1], 'base64').toString('utf8');
		const apiKey = decoded.includes(':') ? decoded.slice(0, decoded.indexOf(':')) : decoded;
		if (!this.apiKeys.has(apiKey)) throw new CmError(401, 100, 'Invalid API Key');
		return apiKey;
	}

	async handle(req, res) {
		const url = new URL(req.url, 'http://simulator');
		if (url.pathname.startsWith('/_sim/')) return await this.control(req, res, url);

		const method = req.method.toUpperCase();
		const path = url.pathname.replace(/\/+$/, '');
		this.requests.total++;
		const route = `${method} ${this.routeName(path)}`;
		this.requests.byRoute[route] = (this.requests.byRoute[route] ?? 0) + 1;

		const fault = this.takeFault(method, path.slice(BASE.length));
		if (fault?.status || fault?.drop) this.requests.faulted++;
		if (fault?.latencyMs) await new Promise((resolve) => setTimeout(resolve, fault.latencyMs));
		if (fault?.drop && !fault.afterActing) {
			req.socket.destroy();
			return;
		}
		const faultAnswer = () => {
			const body =
				fault.body ??
				(fault.status === 429
					? { Code: 429, Message: 'Rate limit exceeded' }
					: {
							Code: fault.status,
							Message: fault.status >= 500 ? 'Internal Server Error' : 'Error',
						});
			return this.send(res, fault.status, body, fault.headers ?? {});
		};
		// afterActing: the request goes through, and the answer is lost to a 5xx (a gateway timing out).
		if (fault?.status && !fault.afterActing) return faultAnswer();

		let extraHeaders = {};
		try {
			if (!path.toLowerCase().startsWith(BASE)) throw new CmError(404, 404, 'Not found');
			const apiKey = this.authenticate(req);
			const limit = this.rateLimitHeaders(apiKey, path.slice(BASE.length));
			extraHeaders = limit.headers;
			if (limit.exceeded) {
				this.requests.rateLimited++;
				throw new CmError(429, 429, 'Rate limit exceeded');
			}
			const text = await readBody(req);
			const result = this.route(method, path.slice(BASE.length), lowerQuery(url), text);
			// afterActing with drop: done, and the connection reset before the answer (a lost answer).
			if (fault?.drop) {
				req.socket.destroy();
				return;
			}
			if (fault?.status) return faultAnswer();
			if (result.test) return await this.testWebhook(res, result.test, extraHeaders);
			this.send(res, result.status, result.body, extraHeaders);
		} catch (error) {
			if (!(error instanceof CmError)) throw error;
			this.send(res, error.status, error.body, extraHeaders);
		}
	}

	routeName(path) {
		return path
			.slice(BASE.length)
			.replace(
				/\/(subscribers|lists|clients)\/[^/.]+/i,
				(_m, kind) => `/${kind.toLowerCase()}/{id}`,
			)
			.replace(/\/customfields\/[^/]+/i, '/customfields/{key}');
	}

	route(method, path, query, text) {
		const lower = path.toLowerCase();
		const segments = path.split('/').filter(Boolean);
		const id = (segments[1] ?? '').replace(/\.json$/i, '');
		const a = this.account;
		let m;
		if (method === 'GET' && lower === '/clients.json')
			return { status: 200, body: [...a.clients.values()] };
		if ((m = /^\/clients\/[^/]+\/lists\.json$/.exec(lower)) && method === 'GET') {
			a.client(id);
			return {
				status: 200,
				body: [...a.lists.values()]
					.filter((l) => l.ClientID === id)
					.map((l) => ({ ListID: l.ListID, Name: l.Title })),
			};
		}
		if ((m = /^\/clients\/[^/]+\/listsforemail\.json$/.exec(lower)) && method === 'GET') {
			a.client(id);
			const email = String(query.email ?? '').toLowerCase();
			return {
				status: 200,
				body: [...a.lists.values()]
					.filter((l) => l.ClientID === id && l.subscribers.has(email))
					.map((l) => ({
						ListID: l.ListID,
						ListName: l.Title,
						SubscriberState: l.subscribers.get(email).State,
						DateSubscriberAdded: l.subscribers.get(email).ListJoinedDate,
					})),
			};
		}
		if (/^\/lists\/[^/]+\.json$/.test(lower) && method === 'GET') {
			const l = a.list(id);
			return {
				status: 200,
				body: {
					ConfirmedOptIn: l.ConfirmedOptIn,
					Title: l.Title,
					UnsubscribePage: l.UnsubscribePage,
					ListID: l.ListID,
					ConfirmationSuccessPage: l.ConfirmationSuccessPage,
					UnsubscribeSetting: l.UnsubscribeSetting,
				},
			};
		}
		if (/^\/lists\/[^/]+\/customfields\.json$/.test(lower)) {
			if (method === 'GET') return { status: 200, body: a.list(id).customFields };
			if (method === 'POST') return { status: 201, body: a.createCustomField(id, parseJson(text)) };
		}
		if ((m = /^\/lists\/[^/]+\/customfields\/([^/]+)\.json$/i.exec(path)) && method === 'DELETE') {
			a.deleteCustomField(id, decodeURIComponent(m[1]));
			return { status: 200, body: undefined };
		}
		if (/^\/lists\/[^/]+\/stats\.json$/.test(lower) && method === 'GET')
			return { status: 200, body: a.stats(id) };
		if (
			(m = /^\/lists\/[^/]+\/(active|unsubscribed|deleted|bounced)\.json$/.exec(lower)) &&
			method === 'GET'
		) {
			const state = {
				active: 'Active',
				unsubscribed: 'Unsubscribed',
				deleted: 'Deleted',
				bounced: 'Bounced',
			}[m[1]];
			return { status: 200, body: a.page(id, state, query) };
		}
		if (/^\/subscribers\/[^/]+\.json$/.test(lower)) {
			if (method === 'POST') {
				const body = parseJson(text);
				this.checkSubscriberAddRate(id, body?.EmailAddress);
				const before = this.queuedAddMs > 0 ? this.currentRead(id, body?.EmailAddress) : undefined;
				const { subscriber } = a.upsert(id, body);
				if (this.queuedAddMs > 0)
					this.queuedAdds.set(`${id}|${subscriber.EmailAddress.toLowerCase()}`, {
						before,
						until: Date.now() + this.queuedAddMs,
					});
				this.countAdd(id, subscriber.EmailAddress);
				return { status: 201, body: subscriber.EmailAddress };
			}
			if (method === 'PUT') {
				a.update(id, query.email, parseJson(text));
				return { status: 200, body: undefined };
			}
			if (method === 'GET')
				return {
					status: 200,
					body: this.queuedRead(id, query.email) ?? a.details(id, query.email, query),
				};
			if (method === 'DELETE') {
				a.setState(id, query.email, 'Deleted');
				return { status: 200, body: undefined };
			}
		}
		if (/^\/subscribers\/[^/]+\/unsubscribe\.json$/.test(lower) && method === 'POST') {
			const body = parseJson(text);
			// Unsubscribing changes an active subscriber; a Bounced or Deleted one stays as it is.
			const current = a.subscriberOrThrow(a.list(id), body?.EmailAddress);
			if (!['Bounced', 'Deleted'].includes(current.State))
				a.setState(id, body?.EmailAddress, 'Unsubscribed');
			return { status: 200, body: undefined };
		}
		if (/^\/subscribers\/[^/]+\/import\.json$/.test(lower) && method === 'POST') {
			const body = parseJson(text);
			const countWritten = (failures = []) => {
				const failed = new Set(failures.map((f) => f.EmailAddress.toLowerCase()));
				for (const entry of body?.Subscribers ?? [])
					if (entry?.EmailAddress && !failed.has(String(entry.EmailAddress).toLowerCase()))
						this.countAdd(id, String(entry.EmailAddress));
			};
			let result;
			try {
				result = a.import(id, body);
			} catch (error) {
				if (error?.body?.ResultData) countWritten(error.body.ResultData.FailureDetails);
				throw error;
			}
			countWritten();
			return { status: 201, body: result };
		}
		if ((m = /^\/lists\/[^/]+\/webhooks\.json$/.exec(lower))) {
			if (method === 'POST') return { status: 201, body: a.createWebhook(id, parseJson(text)) };
			if (method === 'GET') return { status: 200, body: [...a.list(id).webhooks.values()] };
		}
		if (
			(m =
				/^\/lists\/[^/]+\/webhooks\/([^/.]+)(\.json|\/test\.json|\/activate\.json|\/deactivate\.json)$/i.exec(
					path,
				))
		) {
			const hook = a.webhook(id, m[1]);
			const action = m[2].toLowerCase();
			if (action === '.json' && method === 'DELETE') {
				a.deleteWebhook(id, m[1]);
				return { status: 200, body: undefined };
			}
			if (action === '/activate.json' && method === 'PUT') {
				hook.Status = 'Active';
				return { status: 200, body: undefined };
			}
			if (action === '/deactivate.json' && method === 'PUT') {
				hook.Status = 'Deactivated';
				return { status: 200, body: undefined };
			}
			if (action === '/test.json' && method === 'GET') return { status: 200, test: hook };
		}
		throw new CmError(404, 404, 'Not found');
	}

	async control(req, res, url) {
		const path = url.pathname.replace(/\/+$/, '');
		const body = req.method === 'GET' ? undefined : JSON.parse((await readBody(req)) || '{}');
		let m;
		try {
			if (path === '/_sim/state' && req.method === 'GET')
				return this.send(res, 200, this.account.snapshot());
			if (path === '/_sim/reset' && req.method === 'POST') {
				if (body.seed) this.seed = body.seed;
				this.reset();
				return this.send(res, 200, { ok: true });
			}
			if (path === '/_sim/requests') {
				if (req.method === 'DELETE') this.clearRequestLog();
				return this.send(res, 200, this.requests);
			}
			if (path === '/_sim/faults') {
				if (req.method === 'DELETE') this.clearFaults();
				if (req.method === 'POST') for (const fault of body.faults ?? [body]) this.addFault(fault);
				return this.send(res, 200, { faults: this.faults.filter((f) => f.remaining > 0).length });
			}
			if (path === '/_sim/config' && req.method === 'POST') {
				if ('rateLimit' in body) this.rateLimit = body.rateLimit;
				if ('subscriberAddLimit' in body) this.subscriberAddLimit = body.subscriberAddLimit;
				if ('queuedAddMs' in body) this.queuedAddMs = body.queuedAddMs;
				if (body.apiKeys) this.apiKeys = new Set(body.apiKeys);
				return this.send(res, 200, { ok: true });
			}
			if (path === '/_sim/clients' && req.method === 'POST')
				return this.send(res, 201, this.account.addClient(body));
			if ((m = /^\/_sim\/clients\/([^/]+)\/lists$/.exec(path)) && req.method === 'POST') {
				const list = this.account.addList(m[1], body);
				for (const field of body.customFields ?? [])
					this.account.createCustomField(list.ListID, field);
				return this.send(res, 201, { ListID: list.ListID });
			}
			if ((m = /^\/_sim\/lists\/([^/]+)\/subscribers$/.exec(path)) && req.method === 'GET') {
				const list = this.account.list(m[1]);
				return this.send(
					res,
					200,
					[...list.subscribers.values()].map((s) => this.account.present(list, s)),
				);
			}
			if ((m = /^\/_sim\/lists\/([^/]+)\/state$/.exec(path)) && req.method === 'POST') {
				this.account.setState(m[1], body.EmailAddress, body.State);
				return this.send(res, 200, { ok: true });
			}
			return this.send(res, 404, { error: 'unknown simulator endpoint' });
		} catch (error) {
			if (error instanceof CmError) return this.send(res, error.status, error.body);
			return this.send(res, 400, { error: error.message });
		}
	}
}

async function startSimulator(options = {}) {
	const simulator = new CampaignMonitorSimulator(options);
	await simulator.listen(options.port ?? 0, options.host ?? '127.0.0.1');
	return simulator;
}

module.exports = { CampaignMonitorSimulator, startSimulator, BASE };
