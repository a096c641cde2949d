import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { checkDeliveryPaths } from '../helpers/deliveryPaths';
import { runSync } from '../helpers/fullSync/run';
import { checkSyncList } from '../helpers/syncList';
import { afterPublishing, nodeStaticData, siteWorkflows } from '../helpers/siteWorkflows';
import { ghostFieldsFor } from '../domain/sync/ghostFields';
import { SETUP_TAG } from '../domain/setup/marker';
import type { ExistingWorkflow, WorkflowStep } from '../domain/setup/plan';
import { clashes, findMade, planStep } from '../domain/setup/plan';
import type { BundledWorkflow } from '../domain/workflows/catalogue';
import { BUNDLED_WORKFLOWS } from '../domain/workflows/catalogue';
import type { SiteConfig } from '../domain/workflows/siteConfig';
import { DEFAULT_CM_LIMITS } from '../transport/campaignMonitor';
import { readGhostSite } from '../transport/ghost';
import { ensureN8nTag, listN8nWorkflows } from '../transport/n8nApi';
import { applyStep } from './applyStep';
import { probeGhostDelivery } from './ghostProbe';
import type { SetupInput } from './input';

const DEAD_LETTERS = BUNDLED_WORKFLOWS.find((w) => w.kind === 'deadLetters') as BundledWorkflow;

/**
 * The setup answers in rows of one shape, so n8n's table view reads as a report: `step`,
 * `outcome` (in words), `published` and `link` for a workflow, `kind`, and the details.
 */
function row(step: string, kind: string, outcome: string, details: IDataObject = {}): IDataObject {
	return { step, outcome, ...details, kind };
}

const PREVIEW_OUTCOME: Record<WorkflowStep['action'], string> = {
	create: 'will be created',
	update: 'will be updated to this release',
	updateEdited: 'you edited it: will be replaced (Update Workflows I Edited is on)',
	upToDate: 'up to date',
	keepEdited: 'you edited it: will be kept as it is (see differences)',
};

/** What the setup says about one workflow. */
function stepItem(this: IExecuteFunctions, step: WorkflowStep, outcome: IDataObject): IDataObject {
	const id = String(outcome.id ?? step.existing?.id ?? '');
	const published = outcome.published ?? step.existing?.active ?? false;
	return row(step.wanted.name, step.kind, String(outcome.outcome ?? PREVIEW_OUTCOME[step.action]), {
		published,
		...(id ? { link: `${this.getInstanceBaseUrl().replace(/\/+$/, '')}/workflow/${id}`, id } : {}),
		action: step.action,
		...(step.differences ? { differences: step.differences } : {}),
	});
}

/**
 * The URL the site sync's trigger registered in Ghost: n8n keeps it in the trigger's static data,
 * which it saves a moment after publishing.
 */
async function siteSyncWebhookUrl(this: IExecuteFunctions, id: string): Promise<string> {
	const url = await (afterPublishing<string>).call(
		this,
		id,
		(saved) => {
			const state = nodeStaticData<{ webhookUrl?: unknown }>(saved, 'ghostMemberTrigger');
			return typeof state?.webhookUrl === 'string' ? state.webhookUrl : '';
		},
		(found) => found !== '',
	);
	if (url) return url;
	throw new NodeOperationError(
		this.getNode(),
		'n8n did not record the site sync’s webhook URL after publishing it',
		{ description: 'Open the site sync: its Ghost Member Trigger shows the error n8n met.' },
	);
}

/** The full sync's plan for this list, read only (what the first nightly run would do). */
async function fullSyncPreview(this: IExecuteFunctions, config: SiteConfig) {
	const [summary, ...details] = await runSync.call(this, {
		listId: config.listId,
		dryRun: true,
		scope: 'all',
		options: {
			detailLimit: 20,
			optionalGhostFields: config.optionalFields,
			listMembership: config.listMembership,
		},
		limits: DEFAULT_CM_LIMITS,
		workflowId: '',
	});
	return { ...summary, examples: details };
}

/**
 * Preview or Set Up for one site: the checks (each credential, the list), what would be
 * created or changed, and for Set Up the fields, the workflows and their publishing, in an order
 * where each one's dependencies exist. A step that fails stops with what to do; running it again
 * resumes, as everything done is recognised.
 */
export async function runSetup(this: IExecuteFunctions, input: SetupInput): Promise<IDataObject[]> {
	const config = { ...input.config };
	const site = await readGhostSite.call(this);
	config.siteName = input.siteName || site.title;
	const fields = ghostFieldsFor(config.optionalFields);
	const list = await checkSyncList.call(this, config.listId, {
		create: false,
		where: 'this node’s List',
		fields,
	});
	config.listName = list.title;
	const existing = (await listN8nWorkflows.call(this)) as ExistingWorkflow[];
	const clashing = clashes(existing, config.ghost.id, config.listId);
	const checks = row(
		'Credentials and list',
		'checks',
		`Ghost site “${site.title}”, Campaign Monitor list “${list.title}” and n8n's API: all work`,
		{ siteUrl: site.url, listId: config.listId },
	);
	const clashRows = clashing.map((clash) =>
		row(clash.name, 'clash', `made by hand, published: it ${clash.why}; unpublish it first`, {
			id: clash.id,
		}),
	);
	const stepFor = (workflow: BundledWorkflow, deadLettersId: string) =>
		planStep(
			workflow,
			{ ...config, errorWorkflowId: deadLettersId },
			findMade(existing, workflow, config.listId),
			input.updateEdited,
		);
	const madeDeadLetters = findMade(existing, DEAD_LETTERS, config.listId);

	if (input.operation === 'preview') {
		const fullSync = await fullSyncPreview.call(this, config);
		const planned = (fullSync as IDataObject).plan as IDataObject;
		const steps = BUNDLED_WORKFLOWS.map((workflow) =>
			stepFor(workflow, madeDeadLetters?.id ?? 'made by Set Up'),
		);
		return [
			checks,
			row(
				'Custom fields',
				'fields',
				list.missing.length
					? `${list.missing.length} to create: ${list.missing.join(', ')}`
					: 'all there',
				{ missing: list.missing.length },
			),
			...clashRows,
			...steps.map((step) => stepItem.call(this, step, {})),
			row(
				'Full sync plan for the list (dry run)',
				'fullSyncPlan',
				`add ${String(planned.add)}, update ${String(planned.update)}, unsubscribe ${String(planned.unsubscribe)}, unchanged ${String(planned.unchanged)}`,
				{ fullSyncPlan: fullSync },
			),
		];
	}

	if (clashing.length)
		throw new NodeOperationError(
			this.getNode(),
			`Published workflows not made by the setup already sync this site or list: ${clashing.map((c) => `"${c.name}" (${c.id}, ${c.why})`).join('; ')}`,
			{ description: 'Unpublish them (or delete them), then run Set Up again.' },
		);
	// Read a moment ago: only fields it lacked are made.
	const created = list.missing.length
		? await checkSyncList.call(this, config.listId, {
				create: true,
				where: 'this node’s List',
				fields,
			})
		: { created: [] };
	const rows: IDataObject[] = [
		checks,
		row(
			'Custom fields',
			'fields',
			created.created.length ? `created ${created.created.length}` : 'all there',
			{ created: created.created.length },
		),
	];
	const tagId = await ensureN8nTag.call(this, SETUP_TAG);
	const items: IDataObject[] = [];
	let deadLettersId = madeDeadLetters?.id ?? '';
	const published = new Set<string>();
	for (const workflow of BUNDLED_WORKFLOWS) {
		// Planned again per step: the site's workflows name the dead letters by their new id.
		const step = stepFor(workflow, deadLettersId);
		let applied: Awaited<ReturnType<typeof applyStep>>;
		try {
			applied = await applyStep.call(this, workflow, step, config.listId, tagId);
		} catch (error) {
			throw new NodeOperationError(this.getNode(), error as Error, {
				message: `Set Up stopped at "${step.wanted.name}": ${(error as Error).message}`,
				description:
					`${(error as { description?: string }).description ?? ''} Done before it: ${items.map((item) => `${String(item.step)} ${String(item.outcome)}`).join('; ') || 'nothing'}. Run Set Up again once it is fixed: it carries on from here.`.trim(),
			});
		}
		if (workflow.kind === 'deadLetters') deadLettersId = applied.id;
		if (step.publish) published.add(workflow.kind);
		items.push(stepItem.call(this, step, applied.outcome));
		if (workflow.kind === 'siteSync' && input.probeDelivery) {
			const url = await siteSyncWebhookUrl.call(this, applied.id);
			const verdict = await probeGhostDelivery.call(this, url);
			items.push(row('Ghost → n8n delivery', 'delivery', verdict.message, { ...verdict }));
			if (!verdict.ok)
				throw new NodeOperationError(this.getNode(), verdict.message, {
					description: `The site sync is published, but Ghost cannot deliver its member events to it. Fix that, then run Set Up again to finish (${BUNDLED_WORKFLOWS.filter((w) => w.scope === 'site' && w.kind !== 'siteSync').length} workflows to go).`,
				});
		}
	}
	// A run over workflows already published (after an update, or to check): Ghost may have
	// dropped a webhook, Campaign Monitor deactivated its own; put back what is missing.
	const paths = await checkDeliveryPaths.call(
		this,
		true,
		await siteWorkflows.call(this, config.ghost.id),
		{ siteSync: published.has('siteSync'), cmToGhost: published.has('cmToGhost') },
	);
	const said = [...paths.repairs, ...paths.problems];
	items.push(
		row('Delivery paths', 'deliveryPaths', said.length ? said.join(' ') : 'all in place', {
			ok: paths.ok,
			repairs: paths.repairs.length,
		}),
	);
	return [...rows, ...items];
}
