/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- end-to-end harness: runs the demo as a publisher does; never shipped */
import { join } from 'node:path';

import { assertPeersInstalled } from '../harness/peers';
import { REPO_ROOT } from '../harness/package';
import { runCommand } from '../harness/processes';

/**
 * `npm run demo`, the README's Quick start, run to the end: the table of what landed in Campaign
 * Monitor, an unsubscribe-link click carried back to Ghost, then the catch-up and the full sync (dry run, then applied) with their summaries.
 */
describe('npm run demo shows the whole product', () => {
	let output = '';

	beforeAll(async () => {
		assertPeersInstalled();
		output = await runCommand(process.execPath, [join(REPO_ROOT, 'scripts', 'demo.js')], {
			cwd: REPO_ROOT,
			env: { ...process.env, DEMO_EXIT: '1' },
		});
	}, 900_000);

	it('prints the table of what the site sync wrote', () => {
		const row = (email: string) => output.split('\n').find((line) => line.includes(email)) ?? '';
		expect(row('ada@example.com')).toMatch(/Ada Lovelace\s+│ Active\s+│ comped\s+│ free/);
		expect(row('ben@example.com')).toMatch(/Ben Okafor\s+│ Active .*│ Newsletter/);
		expect(row('dev@example.com')).toMatch(/Unsubscribed .*│ false/);
		expect(row('cleo.new@example.com')).toMatch(/Cleo\s+│ Active/);
	});

	it('prints the lifecycle fields of a trialing member and of one who cancelled', () => {
		const row = (email: string) =>
			output
				.split('\n')
				.filter((line) => line.includes(email))
				.pop() ?? '';
		const date = String.raw`\d{4}-\d\d-\d\d`;
		expect(row('tom@example.com')).toMatch(
			new RegExp(`│ paid\\s+│ trialing\\s+│ month\\s+│ ${date} │ ${date}\\s+│ false`),
		);
		expect(row('una@example.com')).toMatch(
			new RegExp(`│ paid\\s+│ active\\s+│ year\\s+│ ${date} │\\s+│ true`),
		);
	});

	it('shows an unsubscribe-link click in Campaign Monitor reaching Ghost', () => {
		expect(output).toMatch(
			/▶ Campaign Monitor → Ghost: .*\n\s+in Ghost [\d.]+ s later: ben@ gets 0 newsletters \(subscribed: false\)/,
		);
	});

	it('runs the catch-up and the full sync and prints their summaries', () => {
		expect(output).toMatch(
			/▶ Catch-up .*\n\s+success: \d+ changed members read, 2 repaired \(add 2,/,
		);
		// ada@'s open rate and last visit moved (no webhook): one update.
		expect(output).toMatch(/dry run, as imported: success; plan: add 0, update 1, unsubscribe 1,/);
		expect(output).toMatch(
			/applied \(a copy with Dry Run off\): success; imported 1, unsubscribed 1, failures 0/,
		);
		expect(output).toContain('now: eve@ Active, cleo.new@ Unsubscribed');
	});

	it('prints two readers’ open rates and where they signed up, from the full sync', () => {
		const row = (email: string) =>
			output
				.split('\n')
				.filter((line) => line.includes(email))
				.pop() ?? '';
		const date = String.raw`\d{4}-\d\d-\d\d`;
		expect(row('eve@example.com')).toMatch(
			new RegExp(`│ 75\\s+│ 12\\s+│ 9\\s+│ ${date} │ Google\\s+│ search\\s+│ /pricing/`),
		);
		expect(row('fay@example.com')).toMatch(
			/│ 8\s+│ 12\s+│ 1\s+│\s+│ Twitter\s+│ social\s+│ \/welcome\//,
		);
		// ada@ signed up through the Admin API (the demo's integration), read with her live write.
		expect(row('ada@example.com')).toMatch(
			new RegExp(`│ 85\\s+│ 40\\s+│ 34\\s+│ ${date} │ Integration: n8n sync │ Admin API`),
		);
	});
});
