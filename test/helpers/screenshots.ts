/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- test helper: reads the package's sources and docs/images from disk; never shipped */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { CampaignMonitor } from '../../nodes/CampaignMonitor/CampaignMonitor.node';
import { CampaignMonitorTrigger } from '../../nodes/CampaignMonitorTrigger/CampaignMonitorTrigger.node';
import { GhostCmSetup } from '../../nodes/GhostCmSetup/GhostCmSetup.node';
import { GhostMembers } from '../../nodes/GhostMembers/GhostMembers.node';
import { GhostMemberTrigger } from '../../nodes/GhostMemberTrigger/GhostMemberTrigger.node';
import { MemberFullSync } from '../../nodes/MemberFullSync/MemberFullSync.node';
import { MemberStatusDiff } from '../../nodes/MemberStatusDiff/MemberStatusDiff.node';
import { MemberSyncCheck } from '../../nodes/MemberSyncCheck/MemberSyncCheck.node';

const root = join(__dirname, '..', '..');

/** One thing a picture shows: a node's description, a bundled workflow, or the file that draws it. */
type Source = { node: keyof typeof NODES } | { workflow: string } | { file: string };

const NODES = {
	CampaignMonitor,
	CampaignMonitorTrigger,
	GhostCmSetup,
	GhostMembers,
	GhostMemberTrigger,
	MemberFullSync,
	MemberStatusDiff,
	MemberSyncCheck,
};

/**
 * What each picture in docs/images shows. When one of these changes, the picture is out of date:
 * `UPDATE_SCREENSHOTS=1 npm run test:ui` takes it again and records what it showed.
 */
export const SCREENSHOT_SOURCES: Record<string, Source[]> = {
	'site-sync-workflow.png': [{ workflow: 'ghost-to-campaign-monitor.json' }],
	'ghost-member-trigger.png': [
		{ workflow: 'ghost-to-campaign-monitor.json' },
		{ node: 'GhostMemberTrigger' },
	],
	'member-status-diff-list-picker.png': [{ node: 'MemberStatusDiff' }],
	'campaign-monitor-list-picker.png': [{ node: 'CampaignMonitor' }],
	'campaign-monitor-field-mapping.png': [{ node: 'CampaignMonitor' }],
	'member-sync-check.png': [{ node: 'MemberSyncCheck' }],
	'member-full-sync-list-picker.png': [{ workflow: 'full-sync.json' }, { node: 'MemberFullSync' }],
	'catch-up-list-picker.png': [{ workflow: 'catch-up.json' }, { node: 'MemberFullSync' }],
	'campaign-monitor-trigger.png': [
		{ workflow: 'campaign-monitor-to-ghost.json' },
		{ node: 'CampaignMonitorTrigger' },
	],
	'campaign-monitor-get-subscriber.png': [{ node: 'CampaignMonitor' }],
	'ghost-members.png': [{ node: 'GhostMembers' }],
	'setup-node.png': [{ node: 'GhostCmSetup' }],
	'health-page.png': [{ workflow: 'health.json' }, { file: 'nodes/domain/health/healthPage.ts' }],
	'reader-lookup.png': [{ workflow: 'health.json' }, { file: 'nodes/domain/health/healthPage.ts' }],
	'setup-refused-second-copy.png': [
		{ node: 'GhostMemberTrigger' },
		{ file: 'nodes/GhostMemberTrigger/publishChecks.ts' },
	],
};

/** Where each picture's fingerprint is kept: what it showed when it was taken. */
export const FINGERPRINTS = join(root, 'docs', 'images', 'screenshots.json');

function sourceText(source: Source): string {
	if ('workflow' in source) return readFileSync(join(root, 'workflows', source.workflow), 'utf8');
	if ('file' in source) return readFileSync(join(root, source.file), 'utf8');
	// The node as n8n reads it: its description, and every version's for a versioned node.
	return JSON.stringify(new NODES[source.node]());
}

/** A short hash of everything the picture shows, as the package is now. */
export function fingerprint(picture: string): string {
	const sources = SCREENSHOT_SOURCES[picture];
	if (!sources) throw new Error(`docs/images/${picture}: add what it shows to SCREENSHOT_SOURCES`);
	const hash = createHash('sha256');
	for (const source of sources) hash.update(sourceText(source)).update('\0');
	return hash.digest('hex').slice(0, 16);
}

export function recordedFingerprints(): Record<string, string> {
	return existsSync(FINGERPRINTS)
		? (JSON.parse(readFileSync(FINGERPRINTS, 'utf8')) as Record<string, string>)
		: {};
}

/** After a picture is taken again: what it shows now. */
export function recordFingerprint(picture: string): void {
	const all = { ...recordedFingerprints(), [picture]: fingerprint(picture) };
	const sorted = Object.fromEntries(Object.entries(all).sort(([a], [b]) => a.localeCompare(b)));
	writeFileSync(FINGERPRINTS, `${JSON.stringify(sorted, null, '\t')}\n`);
}
