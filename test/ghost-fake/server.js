'use strict';
// A fake Ghost Admin API for the full sync's tests and benchmark: GET /members/ in pages (limit ≤ 100,
// meta.pagination as Ghost answers), GET /members/:id/ (404 when gone), PUT /members/:id/ newsletters,
// GET /members/events/ for signup events by member id (as Ghost 6.65's activity feed answers),
// and every request's Admin JWT
// checked like Ghost does (HS256 with the hex secret, aud /admin/, not expired). Not shipped.
const http = require('node:http');
const { createHmac } = require('node:crypto');

function b64urlJson(part) {
	return JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
}

class FakeGhost {
	constructor({ members = [], adminKey, now = () => Date.now(), signup = () => undefined }) {
		this.members = members;
		/** Where a member signed up from (members_created_events), by id: Ghost's list leaves it out. */
		this.signup = signup;
		this.signupReads = 0;
		this.byId = new Map(members.map((m) => [m.id, m]));
		const [id, secret] = adminKey.split(':');
		this.keyId = id;
		this.secret = Buffer.from(secret, 'hex');
		this.now = now;
		this.requests = 0;
		this.rejected = 0;
		/** Statuses to answer the next requests with, one each (a proxy's 502 in front of Ghost). */
		this.failNext = [];
		this.server = http.createServer((req, res) => this.handle(req, res));
	}

	async listen() {
		await new Promise((resolve) => this.server.listen(0, '127.0.0.1', resolve));
		this.url = `http://127.0.0.1:${this.server.address().port}`;
		return this;
	}

	sendPage(res, page, number, limit, total) {
		const pages = Math.max(1, Math.ceil(total / limit));
		const members = page.map((m) => structuredClone(m));
		// A test's hook: what Ghost Admin changes right after this read (an edit racing a sync).
		setImmediate(() => members.forEach((m) => this.afterMemberRead?.(m.id)));
		return this.send(res, 200, {
			members,
			meta: {
				pagination: {
					page: number,
					limit,
					pages,
					total,
					next: number < pages ? number + 1 : null,
					prev: number > 1 ? number - 1 : null,
				},
			},
		});
	}

	/** Members after this id, in id order (kept sorted until the members change). */
	idsAfter(id, limit) {
		if (!this.byIdOrder || this.byIdOrder.source !== this.members) {
			const sorted = [...this.members].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
			this.byIdOrder = { source: this.members, sorted };
		}
		const { sorted } = this.byIdOrder;
		let low = 0;
		let high = sorted.length;
		while (low < high) {
			const mid = (low + high) >> 1;
			if (sorted[mid].id <= id) low = mid + 1;
			else high = mid;
		}
		return { members: sorted.slice(low, low + limit), total: sorted.length - low };
	}

	/** Adds or replaces a member, as an edit in Ghost Admin would. */
	setMember(member) {
		this.byIdOrder = undefined;
		const index = this.members.findIndex((m) => m.id === member.id);
		if (index >= 0) this.members[index] = member;
		else this.members.push(member);
		this.byId.set(member.id, member);
	}

	/** Deletes a member, as Ghost Admin would. */
	deleteMember(id) {
		this.byIdOrder = undefined;
		this.members = this.members.filter((m) => m.id !== id);
		this.byId.delete(id);
	}

	close() {
		this.server.closeAllConnections?.();
		return new Promise((resolve) => this.server.close(resolve));
	}

	send(res, status, body) {
		const text = JSON.stringify(body);
		res.writeHead(status, {
			'Content-Type': 'application/json',
			'Content-Length': Buffer.byteLength(text),
		});
		res.end(text);
	}

	verify(req) {
		const match = /^Ghost (.+)\.(.+)\.(.+)$/.exec(req.headers.authorization ?? '');
		if (!match) return 'INVALID_AUTH_HEADER';
		const [, h, p, s] = match;
		const header = b64urlJson(h);
		if (header.kid !== this.keyId) return 'UNKNOWN_ADMIN_API_KEY';
		const expected = createHmac('sha256', this.secret).update(`${h}.${p}`).digest('base64url');
		if (expected !== s) return 'INVALID_JWT';
		const payload = b64urlJson(p);
		const nowSeconds = Math.floor(this.now() / 1000);
		if (payload.aud !== '/admin/' || payload.exp <= nowSeconds || payload.exp - payload.iat > 300)
			return 'INVALID_JWT';
		return undefined;
	}

	handle(req, res) {
		const url = new URL(req.url, 'http://ghost');
		if (url.pathname === '/_fake/stats')
			return this.send(res, 200, {
				requests: this.requests,
				rejected: this.rejected,
				members: this.members.length,
			});
		this.requests++;
		if (this.failNext.length > 0)
			return this.send(res, this.failNext.shift(), { errors: [{ message: 'Bad gateway' }] });
		const problem = this.verify(req);
		if (problem) {
			this.rejected++;
			return this.send(res, 401, {
				errors: [{ message: 'Authorization failed', type: 'UnauthorizedError', code: problem }],
			});
		}
		if (req.method === 'GET' && url.pathname === '/ghost/api/admin/members/') {
			const limit = Math.min(100, Number(url.searchParams.get('limit') ?? 15));
			const page = Number(url.searchParams.get('page') ?? 1);
			// Filters are read with Ghost's own NQL parser; the fake knows equality, > >= < <= and +.
			const filter = url.searchParams.get('filter');
			const after = /^id:>'([0-9a-f]{24})'$/.exec(filter ?? '');
			if (after && url.searchParams.get('order') === 'id asc') {
				// The keyset read, as Ghost's index answers it (not a scan of every member per page).
				const { members, total } = this.idsAfter(after[1], limit);
				return this.sendPage(res, members, 1, limit, total);
			}
			let list = filter ? this.members.filter(nqlMatcher(filter)) : this.members;
			if (url.searchParams.get('order') === 'updated_at asc') {
				list = [...list].sort((a, b) => String(a.updated_at).localeCompare(String(b.updated_at)));
			} else if (url.searchParams.get('order') === 'id asc') {
				list = [...list].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
			}
			return this.sendPage(
				res,
				list.slice((page - 1) * limit, page * limit),
				page,
				limit,
				list.length,
			);
		}
		if (req.method === 'GET' && url.pathname === '/ghost/api/admin/members/events/') {
			this.signupReads++;
			const match = /^type:signup_event\+data\.member_id:\[([0-9a-f,]*)\]$/.exec(
				url.searchParams.get('filter') ?? '',
			);
			if (!match)
				return this.send(res, 400, { errors: [{ message: 'fake Ghost: unsupported filter' }] });
			const limit = Math.min(100, Number(url.searchParams.get('limit') ?? 10));
			const events = match[1]
				.split(',')
				.flatMap((id) => {
					const member = this.byId.get(id);
					const data = member && this.signup(member);
					return data
						? [
								{
									type: 'signup_event',
									data: { member_id: id, created_at: member.created_at, ...data },
								},
							]
						: [];
				})
				.sort((a, b) => String(b.data.created_at).localeCompare(String(a.data.created_at)))
				.slice(0, limit);
			return this.send(res, 200, {
				events,
				meta: {
					pagination: { limit, total: events.length, pages: 1, page: null, next: null, prev: null },
				},
			});
		}
		// Webhooks, as a trigger in automatic mode registers them (accepted, never delivered).
		if (req.method === 'POST' && url.pathname === '/ghost/api/admin/webhooks/') {
			const id = (this.nextWebhook = (this.nextWebhook ?? 0) + 1).toString(16).padStart(24, 'a');
			req.resume();
			return req.on('end', () => this.send(res, 201, { webhooks: [{ id }] }));
		}
		if (
			req.method === 'DELETE' &&
			/^\/ghost\/api\/admin\/webhooks\/[0-9a-f]{24}\/$/.test(url.pathname)
		) {
			return this.send(res, 204, {});
		}
		const edit = /^\/ghost\/api\/admin\/members\/([0-9a-f]{24})\/$/.exec(url.pathname);
		if (req.method === 'GET' && edit) {
			const member = this.byId.get(edit[1]);
			if (!member)
				this.send(res, 404, { errors: [{ message: 'Member not found.', type: 'NotFoundError' }] });
			else this.send(res, 200, { members: [structuredClone(member)] });
			this.afterMemberRead?.(edit[1]);
			return;
		}
		if (req.method === 'PUT' && edit) {
			let text = '';
			req.on('data', (c) => (text += c));
			req.on('end', () => {
				const member = this.byId.get(edit[1]);
				if (!member) return this.send(res, 404, { errors: [{ message: 'Member not found.' }] });
				const [change] = JSON.parse(text).members;
				if (Array.isArray(change.newsletters)) {
					member.newsletters = change.newsletters;
					member.subscribed = change.newsletters.length > 0;
				}
				this.send(res, 200, { members: [member] });
			});
			return;
		}
		this.send(res, 404, { errors: [{ message: 'Resource not found' }] });
	}
}

/** Ghost stores dates as 'YYYY-MM-DD HH:mm:ss' (UTC) and compares filters in that form. */
function comparable(value) {
	const time = Date.parse(
		String(value).replace(' ', 'T') + (/Z$|[+-]\d\d:?\d\d$/.test(String(value)) ? '' : 'Z'),
	);
	return Number.isFinite(time) && /^\d{4}-\d\d-\d\d/.test(String(value)) ? time : value;
}

function nqlMatcher(filter) {
	const parsed = require('@tryghost/nql-lang').parse(filter);
	const test = (query, member) => {
		if (Array.isArray(query.$and)) return query.$and.every((q) => test(q, member));
		if (Array.isArray(query.$or)) return query.$or.some((q) => test(q, member));
		return Object.entries(query).every(([key, condition]) => {
			const value = comparable(member[key]);
			if (condition === null || typeof condition !== 'object')
				return value === comparable(condition);
			if (Array.isArray(condition.$in)) return condition.$in.map(comparable).includes(value);
			return Object.entries(condition).every(([op, wanted]) => {
				const w = comparable(wanted);
				if (op === '$gt') return value > w;
				if (op === '$gte') return value >= w;
				if (op === '$lt') return value < w;
				if (op === '$lte') return value <= w;
				if (op === '$ne') return value !== w;
				throw new Error(`fake Ghost: unsupported NQL operator ${op}`);
			});
		});
	};
	return (member) => test(parsed, member);
}

/** Deterministic members shaped like Ghost's (see test/fixtures/ghost). */
function makeMembers(count, { unsubscribedEvery = 10 } = {}) {
	const members = [];
	for (let i = 0; i < count; i++) {
		const subscribed = i % unsubscribedEvery !== 0;
		members.push({
			id: (0x65e2ee2f3c1a4b0001000000n + BigInt(i)).toString(16).padStart(24, '0'),
			uuid: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
			email: `member${i}@example.com`,
			name: `Member ${i}`,
			status: i % 7 === 0 ? 'paid' : 'free',
			subscribed,
			created_at: new Date(Date.UTC(2024, 0, 1) + i * 60_000).toISOString(),
			updated_at: new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString(),
			labels: i % 3 === 0 ? [{ id: 'l1', name: 'VIP', slug: 'vip' }] : [],
			// As Ghost's email analytics leave them: no open rate until enough emails were sent.
			email_count: i % 40,
			email_opened_count: Math.floor((i % 40) / 3),
			email_open_rate: i % 40 >= 5 ? Math.round((100 * Math.floor((i % 40) / 3)) / (i % 40)) : null,
			last_seen_at:
				i % 4 === 0 ? null : new Date(Date.UTC(2026, 10, 1) + (i % 30) * 86_400_000).toISOString(),
			newsletters: subscribed ? [{ id: 'n1', name: 'Default Newsletter', status: 'active' }] : [],
		});
	}
	return members;
}

const SOURCES = [
	['Google', 'search'],
	['Twitter', 'social'],
	[null, null],
	['Integration: n8n sync', 'Admin API'],
];

/** A signup for every member but each 9th (imported before Ghost recorded signups). */
function makeSignup(member) {
	const i = Number(BigInt(`0x${member.id}`) - 0x65e2ee2f3c1a4b0001000000n);
	if (i % 9 === 8) return undefined;
	const [source, medium] = SOURCES[i % SOURCES.length];
	return {
		referrer_source: source,
		referrer_medium: medium,
		referrer_url: source === 'Google' ? 'https://www.google.com/' : null,
		attribution_type: 'post',
		attribution_url: `/post-${i % 25}/`,
		source: 'member',
	};
}

module.exports = { FakeGhost, makeMembers, makeSignup };
