import { cmToGhostWorkflow } from './cmToGhost';
import { deadLetterWorkflow } from './deadLetters';
import { catchUpWorkflow, fullSyncWorkflow } from './fullSync';
import { healthWorkflow } from './health';
import { replayWorkflow } from './replay';
import type { SiteConfig } from './siteConfig';
import { FILE_IDS } from './siteConfig';
import { siteSyncWorkflow } from './siteSync';
import type { WorkflowDefinition } from './types';

export type WorkflowKind = keyof typeof FILE_IDS;

export interface BundledWorkflow {
	kind: WorkflowKind;
	/** Its file in workflows/. */
	file: string;
	/** One per n8n (dead letters, replay), or one per site. */
	scope: 'shared' | 'site';
	/** Whether the setup publishes it (the replay runs by hand). */
	publish: boolean;
	build(config: SiteConfig): WorkflowDefinition;
}

/**
 * Every bundled workflow, in the order the setup creates and publishes them: the dead letters
 * before any workflow names them as its error workflow, the site sync before the catch-up that
 * repairs what it missed.
 */
export const BUNDLED_WORKFLOWS: readonly BundledWorkflow[] = [
	{
		kind: 'deadLetters',
		file: 'dead-letter.json',
		scope: 'shared',
		publish: true,
		build: deadLetterWorkflow,
	},
	{
		kind: 'replay',
		file: 'replay-dead-letters.json',
		scope: 'shared',
		publish: false,
		build: replayWorkflow,
	},
	{
		kind: 'siteSync',
		file: 'ghost-to-campaign-monitor.json',
		scope: 'site',
		publish: true,
		build: siteSyncWorkflow,
	},
	{ kind: 'catchUp', file: 'catch-up.json', scope: 'site', publish: true, build: catchUpWorkflow },
	{
		kind: 'fullSync',
		file: 'full-sync.json',
		scope: 'site',
		publish: true,
		build: fullSyncWorkflow,
	},
	{
		kind: 'cmToGhost',
		file: 'campaign-monitor-to-ghost.json',
		scope: 'site',
		publish: true,
		build: cmToGhostWorkflow,
	},
	{ kind: 'health', file: 'health.json', scope: 'site', publish: true, build: healthWorkflow },
];

/** A workflow as its file in workflows/ holds it: the definition, its id and tags. */
export function workflowFile(workflow: BundledWorkflow, config: SiteConfig) {
	const { name, nodes, connections, settings } = workflow.build(config);
	return {
		id: FILE_IDS[workflow.kind],
		name,
		active: false,
		nodes,
		connections,
		settings,
		pinData: {},
		tags: [{ name: 'Ghost' }, { name: 'Campaign Monitor' }],
	};
}
