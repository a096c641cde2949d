/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-hardcoded-secrets, @n8n/community-nodes/require-node-api-error, @typescript-eslint/no-explicit-any -- end-to-end harness: runs under Jest, starts the real servers, reads their JSON; never shipped (package.json "files": ["dist"]) */
import { cpSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

import { createAdminToken } from '../../nodes/domain/ghost/ghostAdminToken';
import { emailFilter } from '../../nodes/domain/ghost/nql';
import { peers } from './peers';
import { freePort, runCommand, startProcess, waitFor, type RunningProcess } from './processes';

export const GHOST_OWNER = {
	name: 'E2E Owner',
	email: 'owner@example.com',
	password: 'Qx7vLbT9-mRw4-zPk2',
};

export interface GhostWebhook {
	id: string;
	event: string;
	target_url: string;
	last_triggered_status: string | null;
}

/** A real Ghost 6 on SQLite, in its own content folder, with an owner and a custom integration. */
export class GhostSite {
	readonly url: string;
	adminApiKey = '';
	private cookie = '';

	private constructor(
		readonly port: number,
		private process: RunningProcess,
		readonly databaseFile: string,
		private readonly workDir: string,
	) {
		this.url = `http://127.0.0.1:${port}`;
	}

	/**
	 * A new site. `allowInternalWebhooks: false` is Ghost's production default: it then refuses to
	 * deliver webhooks to a private or loopback address (where the tests' n8n listens).
	 */
	static async start(
		workDir: string,
		options: { allowInternalWebhooks?: boolean; title?: string } = {},
	): Promise<GhostSite> {
		const port = await freePort();
		const contentPath = join(workDir, 'content');
		mkdirSync(workDir, { recursive: true });
		cpSync(join(peers.ghostDir, 'content'), contentPath, { recursive: true });
		const proc = GhostSite.launch(workDir, port, options);
		const site = new GhostSite(port, proc, join(contentPath, 'data', 'ghost.db'), workDir);
		try {
			await site.waitUntilServing();
			await site.setUp(options.title ?? 'E2E Publication');
		} catch (error) {
			await proc.stop();
			throw new Error(`${(error as Error).message}\n--- ghost.log ---\n${proc.tail()}`);
		}
		return site;
	}

	private static launch(
		workDir: string,
		port: number,
		options: { allowInternalWebhooks?: boolean },
	): RunningProcess {
		const contentPath = join(workDir, 'content');
		return startProcess(join(peers.node22Bin, 'node'), ['index.js'], {
			cwd: peers.ghostDir,
			logFile: join(workDir, 'ghost.log'),
			env: {
				PATH: `${peers.node22Bin}:${process.env.PATH}`,
				HOME: process.env.HOME,
				NODE_ENV: 'development',
				url: `http://127.0.0.1:${port}`,
				server__host: '127.0.0.1',
				server__port: String(port),
				paths__contentPath: contentPath,
				database__connection__filename: join(contentPath, 'data', 'ghost.db'),
				// Our n8n listens on loopback; Ghost refuses internal webhook targets without this.
				security__allowWebhookInternalIPs: String(options.allowInternalWebhooks !== false),
				logging__level: 'warn',
				logging__transports: '["stdout"]',
			},
		});
	}

	private async waitUntilServing() {
		await waitFor(
			'Ghost to answer',
			async () => (await fetch(`${this.url}/ghost/api/admin/site/`)).ok,
			{ timeoutMs: 120_000 },
		);
	}

	/** The same site (database, integration, key) started again with other settings. */
	async restart(options: { allowInternalWebhooks?: boolean } = {}) {
		await this.process.stop();
		this.process = GhostSite.launch(this.workDir, this.port, options);
		await this.waitUntilServing();
		await this.login();
	}

	private async sessionRequest(method: string, path: string, body?: unknown) {
		const response = await fetch(`${this.url}/ghost/api/admin${path}`, {
			method,
			headers: { 'Content-Type': 'application/json', Origin: this.url, Cookie: this.cookie },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const text = await response.text();
		if (!response.ok)
			throw new Error(`Ghost ${method} ${path}: ${response.status} ${text.slice(0, 300)}`);
		// POST /session/ answers a plain "Created".
		return { response, body: text.startsWith('{') ? JSON.parse(text) : {} };
	}

	private async login() {
		const { response } = await this.sessionRequest('POST', '/session/', {
			username: GHOST_OWNER.email,
			password: GHOST_OWNER.password,
		});
		this.cookie = (response.headers.get('set-cookie') ?? '').split(';')[0];
	}

	private async setUp(title: string) {
		await this.sessionRequest('POST', '/authentication/setup/', {
			setup: [{ ...GHOST_OWNER, blogTitle: title }],
		});
		await this.login();
		// Outside production Ghost echoes every staff notification email ("You have a new free
		// member: <name>") into its log instead of only mailing it; production Ghost does not. Turned
		// off so the privacy test sees what the sync itself makes Ghost log.
		const { body: me } = await this.sessionRequest('GET', '/users/me/');
		await this.sessionRequest('PUT', `/users/${me.users[0].id}/`, {
			users: [
				{
					free_member_signup_notification: false,
					paid_subscription_started_notification: false,
					paid_subscription_canceled_notification: false,
					milestone_notifications: false,
				},
			],
		});
		const { body } = await this.sessionRequest('POST', '/integrations/?include=api_keys', {
			integrations: [{ name: 'n8n sync' }],
		});
		const adminKey = body.integrations[0].api_keys.find(
			(key: { type: string }) => key.type === 'admin',
		);
		this.adminApiKey = adminKey.secret;
	}

	/** Calls the Admin API as the integration does (JWT), as n8n's nodes will. */
	/** The member with this address (Ghost Admin API, escaped NQL filter), or undefined. */
	async memberByEmail(email: string): Promise<any> {
		const filter = encodeURIComponent(emailFilter(email));
		return (await this.admin('GET', `/members/?filter=${filter}&limit=1`)).members[0];
	}

	async admin(method: string, path: string, body?: unknown): Promise<any> {
		const response = await fetch(`${this.url}/ghost/api/admin${path}`, {
			method,
			headers: {
				Authorization: `Ghost ${createAdminToken(this.adminApiKey)}`,
				'Accept-Version': 'v6.0',
				'Content-Type': 'application/json',
			},
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const text = await response.text();
		if (!response.ok)
			throw new Error(`Ghost ${method} ${path}: ${response.status} ${text.slice(0, 300)}`);
		return text ? JSON.parse(text) : {};
	}

	/**
	 * Sets a member's status in Ghost's database. Ghost refuses comps and status changes unless
	 * Stripe is configured, and configuring Stripe makes Ghost call Stripe's servers; the test
	 * writes what a comp writes, then edits the member through the Admin API so Ghost sends a
	 * real member.edited webhook carrying the new status.
	 */
	async setStatusInDatabase(memberId: string, status: string): Promise<void> {
		const script =
			"const db = require('better-sqlite3')(process.argv[1]); db.prepare('UPDATE members SET status = ? WHERE id = ?').run(process.argv[2], process.argv[3]); db.close();";
		await runCommand(
			join(peers.node22Bin, 'node'),
			['-e', script, this.databaseFile, status, memberId],
			{ cwd: peers.ghostDir },
		);
	}

	/**
	 * A comp as Ghost's member model makes it (status comped, written to the database: Ghost comps
	 * only with Stripe connected), and the member.edited body that model sends for it: the member
	 * as the Admin API reads it now, `previous` with the status before. Deliver it with
	 * deliverAsGhost.
	 */
	async compInDatabase(memberId: string): Promise<{ current: object; previous: object }> {
		const before = (await this.admin('GET', `/members/${memberId}/`)).members[0];
		await this.setStatusInDatabase(memberId, 'comped');
		const current = (await this.admin('GET', `/members/${memberId}/`)).members[0];
		return {
			current,
			previous: { status: before.status, comped: false, updated_at: before.updated_at },
		};
	}

	/**
	 * A suppression as Ghost's email-suppression-list leaves it after a spam complaint (`spam`) or a
	 * hard bounce (`fail`): a row in `suppressions` and `email_disabled` on the member. Ghost's own
	 * update of the member sends a webhook that names neither; written here, it sends none.
	 */
	async suppressInDatabase(memberId: string, reason: 'spam' | 'fail'): Promise<void> {
		const script = `
			const { randomBytes } = require('node:crypto');
			const db = require('better-sqlite3')(process.argv[1]);
			const now = new Date().toISOString().slice(0, 19).replace('T', ' ');
			const { email } = db.prepare('SELECT email FROM members WHERE id = ?').get(process.argv[2]);
			db.prepare('INSERT INTO suppressions (id, email, email_id, reason, created_at) VALUES (?, ?, NULL, ?, ?)').run(randomBytes(12).toString('hex'), email, process.argv[3], now);
			db.prepare('UPDATE members SET email_disabled = 1, updated_at = ? WHERE id = ?').run(now, process.argv[2]);
			db.close();`;
		await runCommand(
			join(peers.node22Bin, 'node'),
			['-e', script, this.databaseFile, memberId, reason],
			{ cwd: peers.ghostDir },
		);
	}

	/**
	 * Members written straight into Ghost's database, subscribed to every active newsletter, as a
	 * CSV import leaves them: Ghost sends no webhook for them. Load tests then deliver their own
	 * signed webhooks for members Ghost really has (the sync reads each member from Ghost).
	 */
	async insertMembersInDatabase(members: Array<{ id: string; email: string; name: string }>) {
		const script = `
			const { createHash, randomUUID } = require('node:crypto');
			const db = require('better-sqlite3')(process.argv[1]);
			const linkId = (memberId, newsletterId) => createHash('sha256').update(memberId + newsletterId).digest('hex').slice(0, 24);
			const members = JSON.parse(require('node:fs').readFileSync(0, 'utf8'));
			const now = new Date().toISOString().slice(0, 19).replace('T', ' ');
			const newsletters = db.prepare("SELECT id FROM newsletters WHERE status = 'active'").all();
			const member = db.prepare('INSERT INTO members (id, uuid, transient_id, email, status, name, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
			const subscription = db.prepare('INSERT INTO members_newsletters (id, member_id, newsletter_id) VALUES (?, ?, ?)');
			db.transaction(() => {
				for (const m of members) {
					member.run(m.id, randomUUID(), randomUUID(), m.email, 'free', m.name, now, now);
					for (const n of newsletters) subscription.run(linkId(m.id, n.id), m.id, n.id);
				}
			})();
			db.close();`;
		await runCommand(join(peers.node22Bin, 'node'), ['-e', script, this.databaseFile], {
			cwd: peers.ghostDir,
			input: JSON.stringify(members),
		});
	}

	/**
	 * A bulk edit as Ghost Admin's bulk actions and CSV imports leave members: their rows changed
	 * and `updated_at` bumped, no webhook sent. Here the name gets a suffix.
	 */
	async bulkEditInDatabase(memberIds: string[], nameSuffix: string): Promise<void> {
		const script = `
			const db = require('better-sqlite3')(process.argv[1]);
			const ids = JSON.parse(require('node:fs').readFileSync(0, 'utf8'));
			const now = new Date().toISOString().slice(0, 19).replace('T', ' ');
			const edit = db.prepare('UPDATE members SET name = name || ?, updated_at = ? WHERE id = ?');
			db.transaction(() => { for (const id of ids) edit.run(process.argv[2], now, id); })();
			db.close();`;
		await runCommand(join(peers.node22Bin, 'node'), ['-e', script, this.databaseFile, nameSuffix], {
			cwd: peers.ghostDir,
			input: JSON.stringify(memberIds),
		});
	}

	/**
	 * A Stripe subscription as Stripe's webhooks leave it in Ghost's database (Stripe product and
	 * price for the paid tier, customer, subscription, the current-subscription lookup, the member's
	 * tier and status), without a webhook: Ghost needs Stripe connected to do it itself. Called again for the same member it
	 * changes the subscription (a renewal, a failed payment), as Stripe's later webhooks would.
	 */
	async writeStripeSubscription(
		memberId: string,
		subscription: {
			status: string;
			interval: 'month' | 'year';
			currentPeriodEnd: string;
			startDate: string;
			trialEndAt?: string | null;
			cancelAtPeriodEnd?: boolean;
		},
	): Promise<void> {
		const script = `
			const db = require('better-sqlite3')(process.argv[1]);
			const [memberId, raw] = process.argv.slice(2);
			const s = JSON.parse(raw);
			const now = new Date().toISOString().slice(0, 19).replace('T', ' ');
			const at = (iso) => (iso ? iso.slice(0, 19).replace('T', ' ') : null);
			const id = (prefix) => (prefix + memberId).slice(-24);
			const tier = db.prepare("SELECT id FROM products WHERE type = 'paid'").get().id;
			db.prepare('INSERT OR IGNORE INTO stripe_products (id, product_id, stripe_product_id, created_at) VALUES (?, ?, ?, ?)').run(tier.replace(/.$/, 'f'), tier, 'prod_e2e', now);
			const priceId = 'price_e2e_' + s.interval;
			db.prepare('INSERT OR IGNORE INTO stripe_prices (id, stripe_price_id, stripe_product_id, active, nickname, currency, amount, type, interval, created_at) VALUES (?, ?, ?, 1, ?, ?, ?, ?, ?, ?)').run(s.interval === 'year' ? 'e2e0000000000000000000a1' : 'e2e0000000000000000000a2', priceId, 'prod_e2e', s.interval === 'year' ? 'Yearly' : 'Monthly', 'usd', s.interval === 'year' ? 5000 : 500, 'recurring', s.interval, now);
			db.prepare('INSERT OR IGNORE INTO members_stripe_customers (id, member_id, customer_id, email, created_at) VALUES (?, ?, ?, ?, ?)').run(id('c1'), memberId, 'cus_' + memberId, null, now);
			db.prepare('DELETE FROM members_stripe_customers_subscriptions WHERE subscription_id = ?').run('sub_' + memberId);
			db.prepare('INSERT INTO members_stripe_customers_subscriptions (id, customer_id, subscription_id, stripe_price_id, status, cancel_at_period_end, current_period_end, start_date, created_at, mrr, trial_start_at, trial_end_at, plan_id, plan_nickname, plan_interval, plan_amount, plan_currency) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').run(id('s1'), 'cus_' + memberId, 'sub_' + memberId, priceId, s.status, s.cancelAtPeriodEnd ? 1 : 0, at(s.currentPeriodEnd), at(s.startDate), now, 0, s.trialEndAt ? at(s.startDate) : null, at(s.trialEndAt), priceId, s.interval === 'year' ? 'Yearly' : 'Monthly', s.interval, s.interval === 'year' ? 5000 : 500, 'usd');
			db.prepare('INSERT OR IGNORE INTO members_products (id, member_id, product_id, sort_order) VALUES (?, ?, ?, 0)').run(id('p1'), memberId, tier);
			db.prepare("UPDATE members SET status = 'paid' WHERE id = ?").run(memberId);
			// Ghost 6.45+ keeps each member's current subscription in a lookup table (its filters join it).
			const best = db.prepare('SELECT subscription_id FROM members_resolved_subscription WHERE member_id = ?').get(memberId);
			db.prepare('DELETE FROM members_current_subscription WHERE member_id = ?').run(memberId);
			if (best) db.prepare('INSERT INTO members_current_subscription (member_id, subscription_id) VALUES (?, ?)').run(memberId, best.subscription_id);
			db.close();`;
		await runCommand(
			join(peers.node22Bin, 'node'),
			['-e', script, this.databaseFile, memberId, JSON.stringify(subscription)],
			{ cwd: peers.ghostDir },
		);
	}

	/**
	 * What reading leaves on a member, as Ghost writes it with no webhook: its email analytics'
	 * counts and open rate (`members.email_count`, `email_opened_count`, `email_open_rate`), its
	 * last-seen stamp, and, for `signup`, the member's signup as Ghost's event storage records it
	 * (`members_created_events`: written when missing, as for a member imported without one).
	 */
	async engagementInDatabase(
		memberId: string,
		engagement: {
			emailCount: number;
			openedCount: number;
			openRate: number | null;
			lastSeenAt: string | null;
			signup?: { source: string | null; medium: string | null; path: string | null };
		},
	): Promise<void> {
		const script = `
			const { randomBytes } = require('node:crypto');
			const db = require('better-sqlite3')(process.argv[1]);
			const [memberId, raw] = process.argv.slice(2);
			const e = JSON.parse(raw);
			const at = (iso) => (iso ? iso.slice(0, 19).replace('T', ' ') : null);
			db.prepare('UPDATE members SET email_count = ?, email_opened_count = ?, email_open_rate = ?, last_seen_at = ? WHERE id = ?').run(e.emailCount, e.openedCount, e.openRate, at(e.lastSeenAt), memberId);
			if (e.signup) {
				const created = db.prepare('SELECT created_at FROM members WHERE id = ?').get(memberId).created_at;
				db.prepare('DELETE FROM members_created_events WHERE member_id = ?').run(memberId);
				db.prepare("INSERT INTO members_created_events (id, created_at, member_id, attribution_id, attribution_type, attribution_url, referrer_source, referrer_medium, referrer_url, source, batch_id) VALUES (?, ?, ?, NULL, ?, ?, ?, ?, NULL, 'member', NULL)").run(randomBytes(12).toString('hex'), created, memberId, e.signup.path ? 'url' : null, e.signup.path, e.signup.source, e.signup.medium);
			}
			db.close();`;
		await runCommand(
			join(peers.node22Bin, 'node'),
			['-e', script, this.databaseFile, memberId, JSON.stringify(engagement)],
			{ cwd: peers.ghostDir },
		);
	}

	/** Ghost has no webhook listing for integrations; the owner's session can read them. */
	async webhooks(): Promise<GhostWebhook[]> {
		const { body } = await this.sessionRequest('GET', '/integrations/?include=webhooks');
		return body.integrations.flatMap(
			(integration: { webhooks?: GhostWebhook[] }) => integration.webhooks ?? [],
		);
	}

	async stop() {
		await this.process.stop();
	}

	tail() {
		return this.process.tail();
	}
}
