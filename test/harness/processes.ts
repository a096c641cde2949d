/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-dangerous-functions -- end-to-end harness: runs under Jest, starts the real servers, reads their JSON; never shipped (package.json "files": ["dist"]) */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, readFileSync } from 'node:fs';
import { createServer } from 'node:net';

/** A server started for a test, with its output in a log file (never on the test's console). */
export interface RunningProcess {
	child: ChildProcess;
	logFile: string;
	stop(): Promise<void>;
	/** The last lines of the log, for failure messages. */
	tail(lines?: number): string;
}

export function startProcess(
	command: string,
	args: string[],
	options: { cwd: string; env: NodeJS.ProcessEnv; logFile: string },
): RunningProcess {
	const log = createWriteStream(options.logFile, { flags: 'a' });
	const child = spawn(command, args, {
		cwd: options.cwd,
		env: options.env,
		stdio: ['ignore', 'pipe', 'pipe'],
		detached: true,
	});
	child.stdout?.pipe(log);
	child.stderr?.pipe(log);
	const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
	return {
		child,
		logFile: options.logFile,
		tail(lines = 40) {
			try {
				return readFileSync(options.logFile, 'utf8').split('\n').slice(-lines).join('\n');
			} catch {
				return '';
			}
		},
		async stop() {
			if (child.exitCode !== null || child.pid === undefined) return;
			try {
				process.kill(-child.pid, 'SIGTERM');
			} catch {
				return;
			}
			const killer = setTimeout(() => {
				try {
					process.kill(-(child.pid as number), 'SIGKILL');
				} catch {
					/* already gone */
				}
			}, 10_000);
			await exited;
			clearTimeout(killer);
		},
	};
}

const handedOut = new Set<number>();

/**
 * A port for a process started later. Taken below Linux's ephemeral range (32768–60999): a port
 * freed by `listen(0)` is in that range, and an outgoing connection (n8n to Postgres, Ghost to
 * MySQL) can take it as its local port before the process binds it (CI once saw n8n's port
 * "already in use"). Never the same port twice in one test process; test runs side by side
 * (scripts/test-all.mjs) each get a range of their own (E2E_PORT_RANGE, e.g. "20000-26000").
 */
export async function freePort(): Promise<number> {
	const [low, high] = (process.env.E2E_PORT_RANGE ?? '20000-32000').split('-').map(Number);
	for (let attempt = 0; attempt < 500; attempt++) {
		const port = low + Math.floor(Math.random() * (high - low));
		if (handedOut.has(port)) continue;
		if (await canListen(port)) {
			handedOut.add(port);
			return port;
		}
	}
	throw new Error(`no free port between ${low} and ${high}`);
}

async function canListen(port: number): Promise<boolean> {
	return await new Promise((resolve) => {
		const server = createServer();
		server.once('error', () => resolve(false));
		server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
	});
}

export async function waitFor<T>(
	what: string,
	probe: () => Promise<T | undefined | false>,
	{ timeoutMs = 60_000, intervalMs = 250 } = {},
): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	let lastError: unknown;
	while (Date.now() < deadline) {
		try {
			const value = await probe();
			if (value !== undefined && value !== false) return value;
		} catch (error) {
			lastError = error;
		}
		await new Promise((resolve) => setTimeout(resolve, intervalMs));
	}
	throw new Error(
		`Timed out after ${timeoutMs} ms waiting for ${what}${lastError ? `: ${String(lastError)}` : ''}`,
	);
}

export function runCommand(
	command: string,
	args: string[],
	options: { cwd: string; env?: NodeJS.ProcessEnv; logFile?: string; input?: string },
): Promise<string> {
	return new Promise((resolve, reject) => {
		const child = spawn(command, args, {
			cwd: options.cwd,
			env: options.env ?? process.env,
			stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
		});
		if (options.input !== undefined) child.stdin!.end(options.input);
		let output = '';
		child.stdout!.on('data', (chunk) => (output += chunk));
		child.stderr!.on('data', (chunk) => (output += chunk));
		child.on('error', reject);
		child.on('exit', (code) => {
			if (code === 0) resolve(output);
			else
				reject(
					new Error(`${command} ${args.join(' ')} exited with ${code}:\n${output.slice(-3000)}`),
				);
		});
	});
}
