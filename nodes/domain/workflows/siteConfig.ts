import type { ListMembership } from '../sync/listRule';
import { BUNDLED_OPTIONAL_GHOST_FIELDS } from '../sync/ghostFields';
import type { CredentialRef, JsonObject } from './types';

/** The node types of this package, as a workflow names them. */
export const PACKAGE = 'n8n-nodes-ghost-campaign-monitor';
export const nodeType = (name: string) => `${PACKAGE}.${name}`;

/**
 * What differs between one site's workflows and another's. The files in workflows/ are these
 * definitions with FILE_CONFIG (no credential, no list); the setup node fills in the publisher's.
 */
export interface SiteConfig {
	ghost: CredentialRef;
	campaignMonitor: CredentialRef;
	/** The package's own n8n API credential (dead letters and replay read failed executions). */
	n8nApi: CredentialRef;
	/** The Campaign Monitor list id ('' in the files: the publisher picks it). */
	listId: string;
	/** How the list shows in the pickers ("From list"), when known. */
	listName?: string;
	/** Names the site in events, dead letters and workflow names ('' for a single site). */
	siteName: string;
	onMemberDeleted: 'unsubscribe' | 'delete';
	listMembership: ListMembership;
	/** The optional ghost_* fields the workflows write. */
	optionalFields: string[];
	/** The dead-letter workflow's id (set as each workflow's error workflow). */
	errorWorkflowId: string;
}

/** Ids the files carry so `n8n import:workflow` (which keeps ids) links them to each other. */
export const FILE_IDS = {
	siteSync: 'ghostCmSiteSync01',
	deadLetters: 'ghostCmDeadLetter',
	replay: 'ghostCmDlqReplay1',
	catchUp: 'ghostCmCatchUp01',
	fullSync: 'ghostCmFullSync01',
	cmToGhost: 'ghostCmFromCm001',
	health: 'ghostCmHealth001',
} as const;

/** The files' configuration: credentials named, not chosen; the list left for the publisher. */
export const FILE_CONFIG: SiteConfig = {
	ghost: { id: '', name: 'Ghost Admin API' },
	campaignMonitor: { id: '', name: 'Campaign Monitor account' },
	n8nApi: { id: '', name: 'Ghost → Campaign Monitor Setup API' },
	listId: '',
	siteName: '',
	onMemberDeleted: 'unsubscribe',
	listMembership: 'newsletterSubscribers',
	optionalFields: BUNDLED_OPTIONAL_GHOST_FIELDS.map((field) => field.FieldName),
	errorWorkflowId: FILE_IDS.deadLetters,
};

/** The value a list parameter holds: a resource locator's (`{ __rl, mode, value }`) or a plain one. */
export function locatorValue(value: unknown): string {
	return String(
		(typeof value === 'object' && value !== null ? (value as { value?: unknown }).value : value) ??
			'',
	).trim();
}

/** A list picker's value: From list when the name is known, else By ID. */
export function listParameter(config: SiteConfig): JsonObject {
	return config.listName
		? {
				__rl: true,
				mode: 'list',
				value: config.listId,
				cachedResultName: config.listName,
			}
		: { __rl: true, mode: config.listId ? 'id' : 'list', value: config.listId };
}

/** "Ghost → Campaign Monitor (site sync)", with the site's name when it has one. */
export function workflowName(what: string, config: SiteConfig): string {
	return `Ghost → Campaign Monitor (${what}${config.siteName ? `: ${config.siteName}` : ''})`;
}
