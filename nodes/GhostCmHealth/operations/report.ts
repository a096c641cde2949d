import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { lastSyncRun, siteWorkflows } from '../../helpers/siteWorkflows';
import type { DayCount, HealthModel } from '../../domain/health/healthPage';
import { healthPage } from '../../domain/health/healthPage';
import { DEAD_LETTER_TABLE } from '../../domain/sync/deadLetters';
import { getListDetails } from '../../transport/campaignMonitor';
import { GHOST_CREDENTIAL, readGhostSite } from '../../transport/ghost';
import {
	findN8nDataTable,
	listN8nExecutions,
	n8nDataTableRows,
	type N8nWorkflow,
} from '../../transport/n8nApi';
import { checkDeliveryPaths } from '../../helpers/deliveryPaths';

/** A check that must not stop the report: what failed becomes a red line instead. */
async function attempt<T>(
	check: () => Promise<T>,
): Promise<{ ok: true; value: T } | { ok: false; error: string }> {
	try {
		return { ok: true, value: await check() };
	} catch (error) {
		return { ok: false, error: (error as Error).message };
	}
}

/** The last run of a catch-up or full sync, in one line. */
async function lastRun(
	this: IExecuteFunctions,
	workflow: N8nWorkflow | undefined,
): Promise<string> {
	if (!workflow) return 'none found for this site';
	const run = await lastSyncRun.call(this, workflow);
	if (!run) return 'has not run yet';
	const { execution: last, rows, error } = run;
	const summary = rows[0];
	const plan = summary?.plan as IDataObject | undefined;
	const parts = [`${last.startedAt.slice(0, 16).replace('T', ' ')}: ${last.status}`];
	if (summary?.repaired !== undefined) parts.push(`${String(summary.repaired)} repaired`);
	else if (plan)
		parts.push(
			`add ${String(plan.add)}, update ${String(plan.update)}, unsubscribe ${String(plan.unsubscribe)}`,
		);
	if (summary?.safetyLimit) parts.push('unsubscribes held by the safety limit');
	if (error) parts.push(error);
	return parts.join('; ');
}

/** Site sync runs per day for the last 7 days (n8n keeps what its execution settings keep). */
async function days(
	this: IExecuteFunctions,
	workflow: N8nWorkflow | undefined,
): Promise<DayCount[]> {
	const today = new Date();
	const keys = Array.from({ length: 7 }, (_, i) =>
		new Date(today.getTime() - (6 - i) * 86_400_000).toISOString().slice(0, 10),
	);
	const counts = new Map(keys.map((day) => [day, { day, runs: 0, failed: 0 }]));
	if (workflow)
		for (const execution of await listN8nExecutions.call(this, workflow.id, { max: 2500 })) {
			const day = counts.get(String(execution.startedAt).slice(0, 10));
			if (!day) continue;
			day.runs++;
			if (execution.status === 'error' || execution.status === 'crashed') day.failed++;
		}
	return [...counts.values()];
}

/**
 * The site's health, as data and as a page: runs, failures, dead letters waiting, the last
 * catch-up and full sync, both delivery paths (repaired when asked), each credential.
 */
export async function healthReport(this: IExecuteFunctions, repair: boolean): Promise<IDataObject> {
	const site = await siteWorkflows.call(
		this,
		this.getNode().credentials?.[GHOST_CREDENTIAL]?.id ?? '',
	);
	const problems: string[] = [];
	const ghost = await attempt(async () => await readGhostSite.call(this));
	const list = await attempt(async () =>
		site.listId ? await getListDetails.call(this, site.listId) : undefined,
	);
	const credentials = [
		{ name: 'Ghost', ok: ghost.ok, state: ghost.ok ? 'works' : ghost.error },
		{
			name: 'Campaign Monitor',
			ok: list.ok && !!list.value,
			state: list.ok
				? list.value
					? 'works, list found'
					: 'the list is gone or not this key’s'
				: list.error,
		},
		{ name: 'n8n API', ok: true, state: 'works' },
	];
	for (const credential of credentials)
		if (!credential.ok)
			problems.push(
				`${credential.name}: ${credential.state}. Fix the credential, then run the setup again.`,
			);
	const paths = await checkDeliveryPaths.call(this, repair, site);
	problems.push(...paths.problems);
	for (const line of (paths.wouldRepair as string[] | undefined) ?? [])
		problems.push(
			`${line.replace(/: registered it again|: activated it again/, '')}: open this page with "Repair delivery paths" on, or wait for the next catch-up.`,
		);
	const table = await findN8nDataTable.call(this, DEAD_LETTER_TABLE);
	const pending = table
		? (await n8nDataTableRows.call(this, table.id, { status: 'pending' })).length
		: 0;
	if (pending)
		problems.push(
			`${pending} dead letter(s) wait: run "Ghost → Campaign Monitor (replay dead letters)".`,
		);
	const model: HealthModel = {
		site: ghost.ok
			? ghost.value.title
			: String((await this.getCredentials(GHOST_CREDENTIAL)).url ?? ''),
		list: list.ok && list.value ? list.value.Title : site.listId,
		problems,
		repairs: paths.repairs,
		days: await days.call(this, site.siteSync),
		deadLettersPending: pending,
		lastCatchUp: await lastRun.call(this, site.catchUp),
		lastFullSync: await lastRun.call(this, site.fullSync),
		webhooks: [
			...paths.ghost.map((hook) => ({
				path: `Ghost ${String(hook.event)} → site sync`,
				state: String(hook.state),
				ok: hook.state !== 'missing',
			})),
			...(paths.campaignMonitor
				? [
						{
							path: 'Campaign Monitor list → Campaign Monitor → Ghost',
							state: String(paths.campaignMonitor.webhook),
							ok: /^(active|registered again)$/i.test(String(paths.campaignMonitor.webhook)),
						},
					]
				: []),
		],
		credentials,
	};
	return { ...model, ok: problems.length === 0, deliveryPaths: paths, html: healthPage(model) };
}
