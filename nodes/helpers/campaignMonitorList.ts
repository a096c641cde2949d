import {
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INode,
	type INodeProperties,
} from 'n8n-workflow';

import { CM_ID_PATTERN, isCmId } from '../domain/campaignMonitor/cmIds';
import { timeoutMs } from '../domain/http/httpError';
import { workerShare } from '../domain/http/rateLimiter';
import { DEFAULT_RETRY } from '../domain/http/retryPolicy';
import type { CmLimits } from '../transport/campaignMonitor';
import { DEFAULT_CM_LIMITS } from '../transport/campaignMonitor';

import { itemParameter } from './itemParameter';

import { searchClients } from './listSearch/searchClients';
import { searchLists } from './listSearch/searchLists';

/**
 * What every node that works on a Campaign Monitor list shares: the client and list pickers,
 * the list-search methods behind their "From List" mode (each node must register them in its
 * methods.listSearch), and the Request Options collection.
 */
export const cmListSearch = { searchClients, searchLists };

/** A picker with a searchable list and a by-ID mode; Campaign Monitor ids are 32 hex characters. */
function idLocator(options: {
	displayName: string;
	name: string;
	searchListMethod: string;
	placeholder: string;
	description: string;
	required?: boolean;
}): INodeProperties {
	const what = options.displayName.toLowerCase();
	return {
		displayName: options.displayName,
		name: options.name,
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		...(options.required ? { required: true } : {}),
		description: options.description,
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				typeOptions: { searchListMethod: options.searchListMethod, searchable: true },
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: options.placeholder,
				validation: [
					{
						type: 'regex',
						properties: {
							regex: CM_ID_PATTERN,
							errorMessage: `A ${what} ID is 32 hex characters`,
						},
					},
				],
			},
		],
	};
}

/** Client picker: only used to search lists, so it is optional. */
export const clientLocator = idLocator({
	displayName: 'Client',
	name: 'client',
	searchListMethod: 'searchClients',
	placeholder: '4a397ccaaa55eb4e6aa1221e1e2d7122',
	description:
		'The Campaign Monitor client whose lists to search. Not needed when the list is given by ID.',
});

export const listLocator = idLocator({
	displayName: 'List',
	name: 'list',
	searchListMethod: 'searchLists',
	placeholder: 'a58ee1d3039b8bec838e6d1482a8a965',
	description: 'The subscriber list to work on',
	required: true,
});

/** A list ID as the List picker gave it, checked before any request. */
export function checkedListId(node: INode, value: unknown, itemIndex?: number): string {
	const listId = String(value ?? '').trim();
	if (!isCmId(listId))
		throw new NodeOperationError(node, 'Choose a list, or enter a list ID of 32 hex characters', {
			itemIndex,
		});
	return listId;
}

/** The list the List picker names for this item, checked before any request. */
export function listIdOf(this: IExecuteFunctions, itemIndex: number): string {
	return checkedListId(
		this.getNode(),
		itemParameter.call(this, 'list', itemIndex, '', { extractValue: true }),
		itemIndex,
	);
}

export const requestOptions: INodeProperties = {
	displayName: 'Request Options',
	name: 'requestOptions',
	type: 'collection',
	placeholder: 'Add option',
	default: {},
	options: [
		{
			displayName: 'Burst',
			name: 'burst',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 20,
			description: 'How many requests may go out at once before the per-second limit applies',
		},
		{
			displayName: 'Max Retries',
			name: 'maxRetries',
			type: 'number',
			typeOptions: { minValue: 0, maxValue: 10 },
			default: 3,
			description:
				'Retries on rate limiting (429), server errors (5xx) and lost connections; bad requests (400) and bad keys (401) are never retried',
		},
		{
			displayName: 'Requests per Second',
			name: 'requestsPerSecond',
			type: 'number',
			typeOptions: { minValue: 0.1, numberPrecision: 1 },
			default: 10,
			description: 'Per list, shared by every execution in this n8n process',
		},
		{
			displayName: 'Timeout (Seconds)',
			name: 'timeout',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 30,
			description:
				'How long to wait for each answer from Campaign Monitor before counting it as lost (and retrying)',
		},
		{
			displayName: 'Workers Sharing the Limit',
			name: 'workers',
			type: 'number',
			typeOptions: { minValue: 1, numberPrecision: 0 },
			default: 1,
			description:
				'In n8n queue mode, how many workers run this workflow. Each worker counts on its own, so each takes this share of Requests per Second and Burst. Leave at 1 for a single n8n.',
		},
	],
};

/**
 * The node's *Request Options* (requestsPerSecond, burst, workers, maxRetries, timeout) as this
 * process's limits: with several queue-mode workers, each takes its share of the budget.
 */
export function requestLimitsOf(this: IExecuteFunctions, itemIndex: number): CmLimits {
	const options = this.getNodeParameter('requestOptions', itemIndex, {}) as IDataObject;
	const share = workerShare(
		Number(options.requestsPerSecond ?? DEFAULT_CM_LIMITS.requestsPerSecond),
		Number(options.burst ?? DEFAULT_CM_LIMITS.burst),
		Number(options.workers ?? 1),
	);
	return {
		requestsPerSecond: share.ratePerSecond,
		burst: share.burst,
		retry: { ...DEFAULT_RETRY, maxRetries: Number(options.maxRetries ?? DEFAULT_RETRY.maxRetries) },
		timeoutMs: timeoutMs(options.timeout),
	};
}
