import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { CmCustomFieldDefinition } from '../domain/campaignMonitor/cmFields';
import { sameFieldKey } from '../domain/campaignMonitor/cmFields';
import { processState } from '../helpers/processState';
import type { CmLimits } from '../transport/campaignMonitor';
import { listCustomFields } from '../transport/campaignMonitor';
import { requestLimitsOf } from '../helpers/campaignMonitorList';

/** What every operation of the Campaign Monitor node shares in one run: its items, limits, field cache. */

export interface DefinitionsWanted {
	/** Field keys the caller will write: a cached copy lacking one of them is read again. */
	mustInclude?: readonly string[];
	/** Read from Campaign Monitor whatever the cache holds (listing and ensuring fields). */
	fresh?: boolean;
}

/** What every operation gets besides its item index. */
export interface OperationContext {
	items: INodeExecutionData[];
	limits(itemIndex: number): CmLimits;
	/** The list's custom fields: cached (see processState.fieldDefinitions), read at most once per execution. */
	customFieldDefinitions(
		listId: string,
		itemIndex: number,
		wanted?: DefinitionsWanted,
	): Promise<CmCustomFieldDefinition[]>;
	/** Forgets the list's cached definitions (after creating a field). */
	forgetCustomFields(listId: string): void;
}

export function createOperationContext(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): OperationContext {
	const readThisRun = new Map<string, Promise<CmCustomFieldDefinition[]>>();
	const limits = (itemIndex: number): CmLimits => requestLimitsOf.call(this, itemIndex);
	const cacheKey = (listId: string) =>
		`${this.getNode().credentials?.campaignMonitorApi?.id ?? ''}|${listId.toLowerCase()}`;
	const read = (listId: string, itemIndex: number) => {
		let pending = readThisRun.get(listId);
		if (!pending) {
			pending = (async () => {
				const definitions = await listCustomFields.call(this, listId, {
					itemIndex,
					limits: limits(itemIndex),
				});
				processState.fieldDefinitions.set(cacheKey(listId), definitions, Date.now());
				return definitions;
			})();
			readThisRun.set(listId, pending);
		}
		return pending;
	};
	return {
		items,
		limits,
		customFieldDefinitions: async (listId, itemIndex, wanted = {}) => {
			if (!wanted.fresh && !readThisRun.has(listId)) {
				const cached = processState.fieldDefinitions.get(cacheKey(listId), Date.now());
				const complete = (wanted.mustInclude ?? []).every((key) =>
					cached?.some((definition) => sameFieldKey(definition.Key, key)),
				);
				if (cached && complete) return cached;
			}
			return await read(listId, itemIndex);
		},
		forgetCustomFields: (listId) => {
			processState.fieldDefinitions.delete(cacheKey(listId));
			readThisRun.delete(listId);
		},
	};
}
