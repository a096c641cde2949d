// npm run test:all: every check and every test suite, as CI runs them (.ci/run).
// The real peers (n8n, Ghost, Verdaccio) install in the background while the static checks and
// unit tests run; then the suites that start their own n8n and Ghost run in two lanes side by side,
// each on its own port range. Each suite is its own Jest run, so a lane's order is the order
// below. At the end: each stage's time, and the first failure's output is easy to find (every
// line carries its lane's name). Each of those suites gets a temporary folder of its own (TMPDIR
// for everything it starts): removed when it passes, kept and named when it fails, since its n8n
// database holds the failed run's executions.
import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const started = Date.now();
const stages = [];
/** Each stage's output lines, kept to repeat the first failure at the end. */
const outputs = new Map();

/** A stage's own temporary folder. 0711: the queue suite's Postgres runs as its own user and must reach its folder inside. */
function stageTmp(label) {
	const dir = mkdtempSync(join(tmpdir(), `ghost-cm-ci-${label.replace(/\W+/g, '-')}-`));
	chmodSync(dir, 0o711);
	return dir;
}

/** A passed stage's leftovers: a process that outlived its suite must not fail the run. */
function removeQuietly(dir) {
	try {
		rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
	} catch (error) {
		console.log(`test:all: could not remove ${dir} (${error.code ?? error.message})`);
	}
}

/**
 * Runs a command, its output prefixed; resolves with its exit code and time. With `ownTmp`, in a
 * temporary folder of its own, removed if it passes.
 */
function run(label, command, args, env = {}, ownTmp = false) {
	const begin = Date.now();
	const tmp = ownTmp ? stageTmp(label) : undefined;
	if (tmp) env = { ...env, TMPDIR: tmp };
	return new Promise((resolve) => {
		const child = spawn(command, args, {
			cwd: root,
			env: { ...process.env, ...env },
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		const kept = [];
		outputs.set(label, kept);
		const prefix = (stream, out) => {
			let rest = '';
			const write = (line) => {
				out.write(`[${label}] ${line}\n`);
				kept.push(line);
			};
			stream.on('data', (chunk) => {
				const lines = (rest + chunk.toString()).split('\n');
				rest = lines.pop() ?? '';
				for (const line of lines) write(line);
			});
			stream.on('end', () => rest && write(rest));
		};
		prefix(child.stdout, process.stdout);
		prefix(child.stderr, process.stderr);
		child.on('close', (code) => {
			const seconds = Math.round((Date.now() - begin) / 1000);
			stages.push({ label, seconds, ok: code === 0, tmp });
			if (tmp && code === 0) removeQuietly(tmp);
			resolve(code === 0);
		});
	});
}

const npm = (label, script) => run(label, 'npm', ['run', '--silent', script]);
const jest = (label, config, file, env) =>
	run(label, 'npx', ['jest', '--config', config, '--runInBand', file], env, true);

/** The first failed test of a stage (Jest's "●" block), else the stage's last lines. */
function failureExcerpt(lines) {
	const start = lines.findIndex((line) => /^\s*● (?!Console)/.test(line));
	return start >= 0 ? lines.slice(start, start + 40) : lines.slice(-25);
}

function report(ok) {
	const total = Math.round((Date.now() - started) / 1000);
	console.log('\ntest:all stages (seconds; lanes run side by side):');
	for (const stage of stages)
		console.log(
			`  ${stage.ok ? 'ok  ' : 'FAIL'} ${String(stage.seconds).padStart(5)}  ${stage.label}`,
		);
	// Repeated here so the end of a long CI log says what failed, not only where.
	const failed = stages.find((stage) => !stage.ok);
	if (failed) {
		console.log(`\nfirst failure, in ${failed.label}:`);
		for (const line of failureExcerpt(outputs.get(failed.label) ?? [])) console.log(`  ${line}`);
		if (failed.tmp)
			console.log(`its temporary folder, kept (n8n's database and logs): ${failed.tmp}`);
	}
	if (packDir) removeQuietly(packDir);
	console.log(`test:all ${ok ? 'passed' : 'FAILED'} in ${total} s`);
	process.exit(ok ? 0 : 1);
}

// The suites that start the real n8n and Ghost, in two lanes of about equal length (measured:
// lane A ~ lane B). A new suite goes to lane B unless listed; the smoke run (the newest n8n 2.x)
// and the browser suite come after the end-to-end suites.
const E2E = 'test/e2e/jest.config.js';
const LANE_A = ['reliability', 'cmToGhost', 'demo', 'install'];
const e2eSuites = readdirSync(join(root, 'test/e2e'))
	.filter((file) => file.endsWith('.e2e.test.ts'))
	.map((file) => file.replace('.e2e.test.ts', ''));
const laneB = e2eSuites.filter((suite) => !LANE_A.includes(suite));
const laneA = LANE_A.filter((suite) => e2eSuites.includes(suite));

// The suites install this one tarball (packed after the build below): lanes side by side must
// not rebuild dist/ under each other.
let tarball = '';
let packDir = '';

async function lane(name, suites, then, ports) {
	const env = { E2E_PORT_RANGE: ports, E2E_PACKAGE_TARBALL: tarball };
	for (const suite of suites)
		if (!(await jest(`${name} ${suite}`, E2E, `test/e2e/${suite}.e2e.test.ts`, env))) return false;
	for (const step of then) if (!(await step(env))) return false;
	return true;
}

const peers = run('peers', 'bash', ['test/harness/peers/install.sh']);
for (const script of ['lint', 'format:check', 'typecheck', 'build', 'test', 'scan'])
	if (!(await npm(script, script))) {
		await peers;
		report(false);
	}
if (!(await peers)) report(false);
packDir = mkdtempSync(join(tmpdir(), 'ghost-cm-pack-'));
execFileSync('npm', ['pack', '--silent', '--pack-destination', packDir], {
	cwd: root,
	stdio: 'ignore',
});
tarball = join(
	packDir,
	readdirSync(packDir).find((file) => file.endsWith('.tgz')),
);

const [a, b] = await Promise.all([
	lane(
		'A',
		laneA,
		[
			(env) => jest('A ui', 'test/ui/jest.ui.config.js', 'test/ui', env),
			(env) => jest('A queue', 'test/e2e/jest.queue.config.js', 'test/e2e', env),
		],
		'20000-25999',
	),
	lane(
		'B',
		laneB,
		[(env) => run('B smoke', 'node', ['scripts/smoke.mjs'], env, true)],
		'26000-31999',
	),
]);
report(a && b);
