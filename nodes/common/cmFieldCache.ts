import type { CmCustomFieldDefinition } from '../shared/campaignMonitor/cmFields';
import { TtlCache } from '../shared/http/ttlCache';

/** How long a list's custom-field definitions are reused across executions. */
export const FIELD_DEFINITIONS_TTL_MS = 5 * 60_000;

/**
 * Custom-field definitions per credential and list, shared by the executions of this n8n process,
 * so the common path (one add or update per event) costs one Campaign Monitor call, not two.
 * Callers read again at once when the mapping names a field the cached definitions lack:
 * Campaign Monitor silently drops unknown keys, so a stale cache must never hide a new field.
 */
export const fieldDefinitionCache = new TtlCache<CmCustomFieldDefinition[]>(
	FIELD_DEFINITIONS_TTL_MS,
);
