import type { INodeExecutionData } from 'n8n-workflow';

import type { CmCustomFieldDefinition } from '../domain/campaignMonitor/cmFields';
import { RateLimiterRegistry } from '../domain/http/rateLimiter';
import { TtlCache } from '../domain/http/ttlCache';
import { RecentDeliveries } from '../domain/security/recentDeliveries';
import { EventBatcher } from '../domain/sync/eventBatcher';

/** How long a list's custom-field definitions are reused across executions. */
export const FIELD_DEFINITIONS_TTL_MS = 5 * 60_000;

/** Who holds a claim on a Ghost site or a list: a published site sync. */
export interface ClaimHolder {
	workflowId: string;
	workflowName: string;
}

function fresh() {
	return {
		/** Ghost deliveries already taken (a replayed signature is refused), by delivery key. */
		recentDeliveries: new RecentDeliveries(),
		/** The Ghost Member Trigger's open batches: a burst's events share an execution. */
		eventBatches: new EventBatcher<INodeExecutionData>(),
		/**
		 * Custom-field definitions per credential and list, so one add or update per event costs
		 * one Campaign Monitor call. Read again at once when a mapping names a field it lacks:
		 * Campaign Monitor drops unknown keys, so a stale entry must never hide a new field.
		 */
		fieldDefinitions: new TtlCache<CmCustomFieldDefinition[]>(FIELD_DEFINITIONS_TTL_MS),
		/** Values derived from a credential, for a minute (a changed credential takes effect soon). */
		credentialValues: new TtlCache<string>(60_000),
		/** Rate-limit buckets: items and executions share one budget per key. */
		rateLimiters: new RateLimiterRegistry(),
		/** Which published site sync holds which Ghost site and list (rebuilt as n8n publishes). */
		siteClaims: new Map<string, ClaimHolder>(),
		/** Catch-ups running, per workflow and list: the next one due stands down. */
		runningCatchUps: new Set<string>(),
	};
}

/**
 * Everything the package keeps for the life of the n8n process, in one place. Each n8n process
 * (the main instance, a webhook processor, a worker) has its own; nothing here is needed for
 * correctness across processes, only for speed and for refusing early (see docs/scaling-out.md).
 */
export const processState = fresh();

/** For tests: each starts from an empty process. */
export function resetProcessState(): void {
	Object.assign(processState, fresh());
}

/**
 * A catch-up still going when the next one is due (a bulk edit takes longer than the schedule's
 * period) makes the next one stand down instead of reading and writing the same members beside it.
 */
export function startCatchUp(key: string): boolean {
	if (processState.runningCatchUps.has(key)) return false;
	processState.runningCatchUps.add(key);
	return true;
}

export function endCatchUp(key: string): void {
	processState.runningCatchUps.delete(key);
}
