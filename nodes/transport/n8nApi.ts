import type {
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	ILoadOptionsFunctions,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import type { HttpErrorDetails } from '../domain/http/httpError';
import { DEFAULT_TIMEOUT_MS } from '../domain/http/httpError';
import { DEFAULT_RETRY } from '../domain/http/retryPolicy';
import { n8nApiBaseUrl } from '../domain/n8n/n8nApiUrl';
import { redact } from '../domain/security/redact';
import type { WorkflowDefinition } from '../domain/workflows/types';
import { sendWithRetries } from './request';

/**
 * n8n's own public API (`/api/v1`), with the package's n8n API credential: one function per
 * endpoint the setup node and the dead letters use.
 */

export const N8N_API_CREDENTIAL = 'ghostCmN8nApi';

type N8nContext = IExecuteFunctions | ILoadOptionsFunctions;

/** A workflow as n8n's public API answers it (the fields the package reads). */
export interface N8nWorkflow extends WorkflowDefinition {
	id: string;
	active: boolean;
	versionId?: string;
	isArchived?: boolean;
	tags?: Array<{ id: string; name: string }>;
	staticData?: IDataObject | null;
}

function n8nErrorMessage(body: unknown): string | undefined {
	const message = (body as { message?: unknown })?.message;
	return typeof message === 'string' && message ? redact(message) : undefined;
}

/** A final failure, saying what to do about the common ones. */
function n8nApiFailure(
	this: N8nContext,
	{ status, body }: HttpErrorDetails,
	error: unknown,
	method: IHttpRequestMethods,
	path: string,
): never {
	const detail = n8nErrorMessage(body);
	const where = `n8n API ${method} ${path.split('?')[0]}`;
	const message =
		status === 401
			? 'n8n refused the API key of the Ghost → Campaign Monitor Setup API credential (Settings → n8n API: create a key and paste it into the credential)'
			: status === 403
				? `The n8n API key may not do this (${where}): use a key of the owner or an admin, with the workflow, tag and credential scopes`
				: status === undefined
					? `n8n's API did not answer at the credential's Base URL (${where}): from inside n8n's own container use http://localhost:<n8n's port>/api/v1`
					: `${where} failed (${status})`;
	throw new NodeApiError(this.getNode(), { message, description: detail ?? '' } as JsonObject, {
		message,
		description: detail ?? (status ? undefined : redact((error as Error).message)),
		httpCode: status ? String(status) : undefined,
	});
}

export async function n8nApiRequest(
	this: N8nContext,
	method: IHttpRequestMethods,
	path: string,
	options: { body?: IDataObject | IDataObject[]; qs?: IDataObject; acceptStatuses?: number[] } = {},
): Promise<{ status: number; body: IDataObject }> {
	const credentials = await this.getCredentials(N8N_API_CREDENTIAL);
	const base = n8nApiBaseUrl(credentials.baseUrl, credentials.allowHttp === true);
	if (!base.ok) throw new NodeOperationError(this.getNode(), base.message);
	const answer = await sendWithRetries.call(this, {
		service: 'n8n',
		credentialType: N8N_API_CREDENTIAL,
		method,
		url: `${base.baseUrl}${path}`,
		qs: options.qs,
		body: options.body,
		timeoutMs: DEFAULT_TIMEOUT_MS,
		// Creating a workflow twice would make two: only reads, updates and publishes repeat.
		idempotent: method !== 'POST' || /\/(activate|deactivate)$/.test(path),
		retry: DEFAULT_RETRY,
		accepts: ({ status }) =>
			status !== undefined && options.acceptStatuses?.includes(status) === true,
		fail: (failure, error) => n8nApiFailure.call(this, failure, error, method, path),
	});
	return { status: answer.status, body: (answer.body ?? {}) as IDataObject };
}

/** The instance's address as a person opens it (the API's base without `/api/v1`). */
export async function n8nEditorUrl(this: N8nContext): Promise<string> {
	const credentials = await this.getCredentials(N8N_API_CREDENTIAL);
	const base = n8nApiBaseUrl(credentials.baseUrl, credentials.allowHttp === true);
	return base.ok ? base.baseUrl.replace(/\/api\/v\d+$/, '') : '';
}

/**
 * A listing n8n's public API pages with `nextCursor`: every entry, `pageSize` at a time, up to
 * `max`.
 */
async function n8nListing(
	this: N8nContext,
	path: string,
	qs: IDataObject,
	pageSize: number,
	max = Infinity,
): Promise<IDataObject[]> {
	const found: IDataObject[] = [];
	let cursor: string | undefined;
	do {
		const { body } = await n8nApiRequest.call(this, 'GET', path, {
			qs: { ...qs, limit: Math.min(pageSize, max - found.length), ...(cursor ? { cursor } : {}) },
		});
		found.push(...((body.data ?? []) as IDataObject[]));
		cursor = typeof body.nextCursor === 'string' && body.nextCursor ? body.nextCursor : undefined;
	} while (cursor && found.length < max);
	return found;
}

/** The Data Table filter for rows whose columns equal the values given. */
function rowsEqualTo(equals: Record<string, string>) {
	return {
		type: 'and',
		filters: Object.entries(equals).map(([columnName, value]) => ({
			columnName,
			condition: 'eq',
			value,
		})),
	};
}

/** Every workflow n8n has (archived ones left out), page by page. */
export async function listN8nWorkflows(this: N8nContext): Promise<N8nWorkflow[]> {
	const workflows = (await n8nListing.call(
		this,
		'/workflows',
		{ excludePinnedData: true },
		100,
	)) as unknown as N8nWorkflow[];
	return workflows.filter((workflow) => !workflow.isArchived);
}

export async function getN8nWorkflow(this: N8nContext, id: string): Promise<N8nWorkflow> {
	const { body } = await n8nApiRequest.call(this, 'GET', `/workflows/${encodeURIComponent(id)}`);
	return body as unknown as N8nWorkflow;
}

/** Creates a workflow (n8n gives it its id and each webhook node its webhook id). */
export async function createN8nWorkflow(
	this: N8nContext,
	workflow: WorkflowDefinition & { staticData?: IDataObject },
): Promise<N8nWorkflow> {
	const { name, nodes, connections, settings, staticData } = workflow;
	const { body } = await n8nApiRequest.call(this, 'POST', '/workflows', {
		body: { name, nodes, connections, settings, ...(staticData ? { staticData } : {}) },
	});
	return body as unknown as N8nWorkflow;
}

/**
 * Replaces a workflow's nodes, connections and settings. Its static data (the triggers' webhook
 * registrations, the catch-up's cursor) is kept unless given.
 */
export async function updateN8nWorkflow(
	this: N8nContext,
	id: string,
	workflow: WorkflowDefinition & { staticData?: IDataObject },
): Promise<N8nWorkflow> {
	const { name, nodes, connections, settings, staticData } = workflow;
	const { body } = await n8nApiRequest.call(this, 'PUT', `/workflows/${encodeURIComponent(id)}`, {
		body: { name, nodes, connections, settings, ...(staticData ? { staticData } : {}) },
	});
	return body as unknown as N8nWorkflow;
}

/** Publishes a workflow: n8n registers its triggers' webhooks and starts its schedules. */
export async function activateN8nWorkflow(this: N8nContext, id: string): Promise<N8nWorkflow> {
	const { body } = await n8nApiRequest.call(
		this,
		'POST',
		`/workflows/${encodeURIComponent(id)}/activate`,
	);
	return body as unknown as N8nWorkflow;
}

/** The tag's id, made when n8n has no tag of that name. */
export async function ensureN8nTag(this: N8nContext, name: string): Promise<string> {
	const { body } = await n8nApiRequest.call(this, 'GET', '/tags', { qs: { limit: 250 } });
	const found = ((body.data ?? []) as Array<{ id: string; name: string }>).find(
		(tag) => tag.name === name,
	);
	if (found) return found.id;
	// 409: made meanwhile (another setup run); read it again.
	const created = await n8nApiRequest.call(this, 'POST', '/tags', {
		body: { name },
		acceptStatuses: [409],
	});
	if (created.status !== 409) return String(created.body.id);
	return await ensureN8nTag.call(this, name);
}

export async function setN8nWorkflowTags(this: N8nContext, id: string, tagIds: string[]) {
	await n8nApiRequest.call(this, 'PUT', `/workflows/${encodeURIComponent(id)}/tags`, {
		body: tagIds.map((tagId) => ({ id: tagId })),
	});
}

/** What a failed execution holds: its run data, from which the events that failed are read. */
export async function getN8nExecution(
	this: N8nContext,
	id: string,
	itemIndex?: number,
): Promise<IDataObject | undefined> {
	if (!/^\d+$/.test(id))
		throw new NodeOperationError(this.getNode(), 'An n8n execution id is a number', { itemIndex });
	const { status, body } = await n8nApiRequest.call(this, 'GET', `/executions/${id}`, {
		qs: { includeData: true },
		acceptStatuses: [404],
	});
	return status === 404 ? undefined : body;
}

/** Unpublishes a workflow (its triggers' webhooks are removed). */
export async function deactivateN8nWorkflow(this: N8nContext, id: string): Promise<void> {
	await n8nApiRequest.call(this, 'POST', `/workflows/${encodeURIComponent(id)}/deactivate`);
}

export interface N8nExecution {
	id: string;
	status: string;
	startedAt: string;
	stoppedAt?: string | null;
	mode?: string;
	data?: IDataObject;
}

/**
 * A workflow's executions, newest first, page by page up to `max` (with their run data when
 * asked: only for the few the health report reads).
 */
export async function listN8nExecutions(
	this: N8nContext,
	workflowId: string,
	options: { status?: string; includeData?: boolean; max?: number } = {},
): Promise<N8nExecution[]> {
	return (await n8nListing.call(
		this,
		'/executions',
		{
			workflowId,
			...(options.status ? { status: options.status } : {}),
			...(options.includeData ? { includeData: true } : {}),
		},
		250,
		options.max ?? 250,
	)) as unknown as N8nExecution[];
}

/** A Data Table by name (the dead letters'), or undefined when none was made yet. */
export async function findN8nDataTable(
	this: N8nContext,
	name: string,
): Promise<{ id: string } | undefined> {
	const { body } = await n8nApiRequest.call(this, 'GET', '/data-tables', {
		qs: { filter: JSON.stringify({ name }), limit: 10 },
	});
	return ((body.data ?? []) as Array<{ id: string; name: string }>).find((t) => t.name === name);
}

/** Rows of a Data Table whose columns equal the values given (at most `max`). */
export async function n8nDataTableRows(
	this: N8nContext,
	tableId: string,
	equals: Record<string, string>,
	max = 1000,
): Promise<IDataObject[]> {
	return await n8nListing.call(
		this,
		`/data-tables/${encodeURIComponent(tableId)}/rows`,
		{ filter: JSON.stringify(rowsEqualTo(equals)) },
		250,
		max,
	);
}

/** Writes `data` into the Data Table rows whose columns equal the values given. */
export async function updateN8nDataTableRows(
	this: N8nContext,
	tableId: string,
	equals: Record<string, string>,
	data: IDataObject,
): Promise<void> {
	await n8nApiRequest.call(
		this,
		'PATCH',
		`/data-tables/${encodeURIComponent(tableId)}/rows/update`,
		{
			body: {
				filter: rowsEqualTo(equals),
				data,
				returnData: false,
			},
		},
	);
}
