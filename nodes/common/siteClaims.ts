/**
 * Which published workflow syncs which Ghost site and which Campaign Monitor list, in this n8n
 * process. Publishing a site sync claims its site and its list; a second workflow that would read
 * the same Ghost site or write the same list is refused at publish, with the workflow that holds
 * it named. n8n publishes every active workflow again when it starts, so the claims are rebuilt
 * from what is published; unpublishing releases them.
 */

export interface ClaimHolder {
	workflowId: string;
	workflowName: string;
}

export type ClaimResult = { ok: true } | { ok: false; key: string; holder: ClaimHolder };

const claims = new Map<string, ClaimHolder>();

/** Claims every key for the workflow, or none when another workflow holds one of them. */
export function claim(keys: readonly string[], holder: ClaimHolder): ClaimResult {
	for (const key of keys) {
		const held = claims.get(key);
		if (held && held.workflowId !== holder.workflowId) return { ok: false, key, holder: held };
	}
	for (const key of keys) claims.set(key, holder);
	return { ok: true };
}

/** Releases what the workflow holds (it was unpublished, or its publishing failed). */
export function release(workflowId: string): void {
	for (const [key, holder] of claims) if (holder.workflowId === workflowId) claims.delete(key);
}

/** For tests: forget every claim. */
export function resetClaims(): void {
	claims.clear();
}

/** The claim keys of a site sync: its Ghost site (by URL) and its list. */
export function siteSyncKeys(ghostSiteUrl: string, listId: string): string[] {
	const site = ghostSiteUrl.trim().replace(/\/+$/, '').toLowerCase();
	return [`ghost:${site}`, ...(listId ? [`list:${listId.toLowerCase()}`] : [])];
}
