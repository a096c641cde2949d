/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/require-node-api-error -- end-to-end harness: starts Postgres, Redis and n8n's queue-mode processes; never shipped (package.json "files": ["dist"]) */
import { chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';

import type { N8nInstance } from './n8n';
import { freePort, runCommand, startProcess, waitFor, type RunningProcess } from './processes';

/** Debian's PostgreSQL server binaries (the newest installed major version). */
function postgresBin(): string {
	const root = '/usr/lib/postgresql';
	const versions = existsSync(root)
		? readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
		: [];
	const newest = versions.sort((a, b) => Number(b) - Number(a))[0];
	if (!newest)
		throw new Error('PostgreSQL is not installed (Debian package postgresql). Run: npm run peers');
	return join(root, newest, 'bin');
}

/**
 * A throwaway PostgreSQL cluster on loopback (trust auth, no fsync: test data only). initdb
 * refuses to run as root, so as root the cluster belongs to Debian's `postgres` user.
 */
export class Postgres {
	private constructor(
		readonly port: number,
		private readonly dir: string,
		private readonly asUser: string[],
	) {}

	static async start(): Promise<Postgres> {
		const bin = postgresBin();
		const asUser = userInfo().uid === 0 ? ['runuser', '-u', 'postgres', '--'] : [];
		// Its own folder outside the test's (root-only) work dir, so the postgres user can reach it.
		const dir = mkdtempSync(join(tmpdir(), 'ghost-cm-postgres-'));
		if (asUser.length > 0) {
			const id = async (flag: string) =>
				Number(await runCommand('id', [flag, 'postgres'], { cwd: '/' }));
			chownSync(dir, await id('-u'), await id('-g'));
		}
		const run = async (command: string, ...args: string[]) => {
			const [program, ...rest] = [...asUser, join(bin, command), ...args];
			return await runCommand(program as string, rest, { cwd: dir });
		};
		const port = await freePort();
		const dataDir = join(dir, 'data');
		await run('initdb', '-D', dataDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync');
		await run(
			'pg_ctl',
			'-D',
			dataDir,
			'-l',
			join(dir, 'postgres.log'),
			'-w',
			'-t',
			'60',
			'-o',
			`-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200`,
			'start',
		);
		await run('createdb', '-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', 'n8n');
		return new Postgres(port, dir, asUser);
	}

	async stop() {
		const [program, ...rest] = [
			...this.asUser,
			join(postgresBin(), 'pg_ctl'),
			'-D',
			join(this.dir, 'data'),
			'-m',
			'immediate',
			'stop',
		];
		await runCommand(program as string, rest, { cwd: this.dir }).catch(() => undefined);
		rmSync(this.dir, { recursive: true, force: true });
	}
}

/** A throwaway Redis on loopback (Debian's redis-server), nothing written to disk. */
export class Redis {
	private constructor(
		readonly port: number,
		private readonly process: RunningProcess,
	) {}

	static async start(workDir: string): Promise<Redis> {
		if (!existsSync('/usr/bin/redis-server')) {
			throw new Error('Redis is not installed (Debian package redis-server). Run: npm run peers');
		}
		mkdirSync(workDir, { recursive: true });
		const port = await freePort();
		const proc = startProcess(
			'/usr/bin/redis-server',
			[
				'--port',
				String(port),
				'--bind',
				'127.0.0.1',
				'--save',
				'',
				'--appendonly',
				'no',
				'--dir',
				workDir,
			],
			{ cwd: workDir, env: { PATH: process.env.PATH }, logFile: join(workDir, 'redis.log') },
		);
		await waitFor(
			'Redis to answer PING',
			async () => (await redisCommand(port, 'PING')).startsWith('+PONG'),
			{ timeoutMs: 30_000 },
		);
		return new Redis(port, proc);
	}

	async stop() {
		await this.process.stop();
	}
}

/** One inline Redis command, its first answer line. */
export async function redisCommand(port: number, command: string): Promise<string> {
	return await new Promise((resolve, reject) => {
		const socket = createConnection({ host: '127.0.0.1', port }, () =>
			socket.write(`${command}\r\n`),
		);
		socket.once('data', (data) => {
			socket.end();
			resolve(data.toString());
		});
		socket.once('error', reject);
	});
}

/**
 * n8n in queue mode as its docs set it up: the main instance (editor, REST API, triggers and
 * schedules), one webhook processor (`n8n webhook`) that Ghost's deliveries go to, and workers
 * (`n8n worker`) that run the executions, all on one Postgres, one Redis, one encryption key and
 * one user folder (where this package is installed, so every process loads it).
 */
export class QueueMode {
	readonly webhookUrl: string;
	private webhookProcess?: RunningProcess;
	readonly workers = new Map<string, RunningProcess>();

	private constructor(
		private readonly n8n: N8nInstance,
		private readonly postgres: Postgres,
		private readonly redis: Redis,
		readonly webhookPort: number,
	) {
		this.webhookUrl = `http://127.0.0.1:${webhookPort}`;
	}

	/** Points an n8n (not started yet, nothing imported yet) at a new Postgres and Redis. */
	static async prepare(n8n: N8nInstance, workDir: string): Promise<QueueMode> {
		const [postgres, redis, webhookPort] = await Promise.all([
			Postgres.start(),
			Redis.start(join(workDir, 'redis')),
			freePort(),
		]);
		Object.assign(n8n.env, {
			EXECUTIONS_MODE: 'queue',
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_HOST: '127.0.0.1',
			DB_POSTGRESDB_PORT: String(postgres.port),
			DB_POSTGRESDB_DATABASE: 'n8n',
			DB_POSTGRESDB_USER: 'postgres',
			DB_POSTGRESDB_PASSWORD: '',
			// n8n's default pool of 2 connections queues a burst of webhooks behind each other.
			DB_POSTGRESDB_POOL_SIZE: '10',
			QUEUE_BULL_REDIS_HOST: '127.0.0.1',
			QUEUE_BULL_REDIS_PORT: String(redis.port),
			// Ghost is told to deliver to the webhook processor, not to the main instance.
			N8N_WEBHOOK_URL: `http://127.0.0.1:${webhookPort}/`,
			QUEUE_HEALTH_CHECK_ACTIVE: 'true',
			N8N_GRACEFUL_SHUTDOWN_TIMEOUT: '5',
		});
		return new QueueMode(n8n, postgres, redis, webhookPort);
	}

	/** Starts the webhook processor and the workers (after the main instance is up). */
	async start(workerNames: string[]) {
		this.webhookProcess = await this.n8n.startProcess(
			'webhook',
			{ N8N_PORT: String(this.webhookPort) },
			'n8n-webhook.log',
		);
		await waitFor(
			'the webhook processor',
			async () => (await fetch(`${this.webhookUrl}/healthz/readiness`)).ok,
			{ timeoutMs: 120_000 },
		);
		await Promise.all(workerNames.map(async (name) => await this.startWorker(name)));
	}

	async startWorker(name: string) {
		const port = await freePort();
		const worker = await this.n8n.startProcess(
			'worker',
			{ QUEUE_HEALTH_CHECK_PORT: String(port) },
			`n8n-${name}.log`,
		);
		this.workers.set(name, worker);
		try {
			await waitFor(
				`${name} to be ready`,
				async () => (await fetch(`http://127.0.0.1:${port}/healthz/readiness`)).ok,
				{ timeoutMs: 120_000 },
			);
		} catch (error) {
			throw new Error(`${(error as Error).message}\n--- ${name} ---\n${worker.tail()}`);
		}
	}

	/** A worker crash: SIGKILL, no graceful shutdown, its running jobs left behind. */
	killWorker(name: string) {
		const worker = this.workers.get(name);
		if (!worker?.child.pid) throw new Error(`no worker ${name}`);
		process.kill(-worker.child.pid, 'SIGKILL');
		this.workers.delete(name);
	}

	/** Jobs waiting in Bull's "jobs" queue for a worker. */
	async waitingJobs(): Promise<number> {
		return Number(
			(await redisCommand(this.redis.port, 'LLEN bull:jobs:wait')).replace(/^:/, '').trim(),
		);
	}

	async stop() {
		await Promise.all([...this.workers.values()].map(async (worker) => await worker.stop()));
		await this.webhookProcess?.stop();
		await this.redis.stop();
		await this.postgres.stop();
	}
}
