/**
 * Which published workflow syncs which Ghost site and which Campaign Monitor list, in this n8n
 * process. Publishing a site sync claims its site and its list; a second workflow that would read
 * the same Ghost site or write the same list is refused at publish, with the workflow that holds
 * it named. n8n publishes every active workflow again when it starts, so the claims are rebuilt
 * from what is published; unpublishing releases them.
 */

import { processState, type ClaimHolder } from './processState';

export type { ClaimHolder };

export type ClaimResult = { ok: true } | { ok: false; key: string; holder: ClaimHolder };

/** Claims every key for the workflow, or none when another workflow holds one of them. */
export function claim(keys: readonly string[], holder: ClaimHolder): ClaimResult {
	for (const key of keys) {
		const held = processState.siteClaims.get(key);
		if (held && held.workflowId !== holder.workflowId) return { ok: false, key, holder: held };
	}
	for (const key of keys) processState.siteClaims.set(key, holder);
	return { ok: true };
}

/** Releases what the workflow holds (it was unpublished, or its publishing failed). */
export function release(workflowId: string): void {
	for (const [key, holder] of processState.siteClaims)
		if (holder.workflowId === workflowId) processState.siteClaims.delete(key);
}

/** The claim keys of a site sync: its Ghost site (by URL) and its list. */
export function siteSyncKeys(ghostSiteUrl: string, listId: string): string[] {
	const site = ghostSiteUrl.trim().replace(/\/+$/, '').toLowerCase();
	return [`ghost:${site}`, ...(listId ? [`list:${listId.toLowerCase()}`] : [])];
}
