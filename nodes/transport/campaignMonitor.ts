import type {
	IDataObject,
	IExecuteFunctions,
	IHookFunctions,
	IHttpRequestMethods,
	ILoadOptionsFunctions,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import type { CmCustomFieldDefinition } from '../domain/campaignMonitor/cmFields';
import { describeCmError } from '../domain/campaignMonitor/cmErrors';
import { cmApiBaseUrl } from '../domain/campaignMonitor/cmUrl';
import { timeoutMs } from '../domain/http/httpError';
import { DEFAULT_RETRY, type RetrySettings } from '../domain/http/retryPolicy';
import { sendWithRetries } from './request';

export const CM_CREDENTIAL = 'campaignMonitorApi';

type CmContext = IExecuteFunctions | ILoadOptionsFunctions | IHookFunctions;

export interface CmLimits {
	requestsPerSecond: number;
	burst: number;
	retry: RetrySettings;
	/** How long to wait for each answer. */
	timeoutMs: number;
}

export const DEFAULT_CM_LIMITS: CmLimits = {
	requestsPerSecond: 10,
	burst: 20,
	retry: DEFAULT_RETRY,
	timeoutMs: timeoutMs(undefined),
};

export interface CmRequest {
	method: IHttpRequestMethods;
	/** Path after the base URL, e.g. `/subscribers/{listId}.json`. */
	path: string;
	qs?: IDataObject;
	body?: IDataObject | IDataObject[];
	/** Rate limiting is per list (or per account for account-wide calls). */
	limitKey?: string;
	/** Safe to repeat after a 5xx or a lost connection (reads, upserts, unsubscribes, deletes). */
	idempotent: boolean;
	/**
	 * For a call that is not safe to repeat (a create): after a 5xx or a lost answer Campaign
	 * Monitor may have acted, so this looks first (the list's webhooks, its fields). What it finds
	 * is the answer; undefined sends the call again, within the same retries.
	 */
	alreadyDone?: () => Promise<unknown>;
	/** CM error codes that are an answer here, not a failure (203 on unsubscribe/delete). */
	acceptCodes?: number[];
	itemIndex?: number;
}

export interface CmResponse<T = unknown> {
	status: number;
	body: T;
	/** Set when CM answered with an error code listed in acceptCodes. */
	acceptedCode?: number;
	/** How many times the call was sent. */
	attempts: number;
}

function errorCode(body: unknown): number | undefined {
	const code = (body as { Code?: unknown } | undefined)?.Code;
	return typeof code === 'number' ? code : undefined;
}

function resetSeconds(headers: Record<string, unknown> | undefined): number | undefined {
	const value = headers?.['x-ratelimit-reset'] ?? headers?.['X-RateLimit-Reset'];
	const n = Number(value);
	return value === undefined || !Number.isFinite(n) ? undefined : n;
}

/** A final CM failure as a NodeApiError with CM's code, message and a hint; no key, no emails. */
export function cmApiError(
	this: CmContext,
	status: number | undefined,
	body: unknown,
	apiKey: string,
	itemIndex?: number,
): NodeApiError {
	const described = describeCmError(status, body, [apiKey]);
	const code = described.code !== undefined ? ` (code ${described.code})` : '';
	const message = `Campaign Monitor: ${described.message}${code}`;
	const error = new NodeApiError(
		this.getNode(),
		{ message, description: described.hint, httpCode: status ? String(status) : '' } as JsonObject,
		{
			message,
			description: described.hint,
			httpCode: status ? String(status) : undefined,
			itemIndex,
		},
	);
	// Campaign Monitor's own code (203, 1, 206 …), for the error item's `code`.
	if (described.code !== undefined) error.context.serviceCode = described.code;
	return error;
}

export function throwCmApiError(
	this: CmContext,
	status: number | undefined,
	body: unknown,
	apiKey: string,
	itemIndex?: number,
): never {
	throw cmApiError.call(this, status, body, apiKey, itemIndex);
}

/** The only way this package talks to Campaign Monitor: rate limit, retries, readable errors. */
export async function cmApiRequest<T = unknown>(
	this: CmContext,
	request: CmRequest,
	limits: CmLimits = DEFAULT_CM_LIMITS,
): Promise<CmResponse<T>> {
	const credentials = await this.getCredentials(CM_CREDENTIAL);
	const checked = cmApiBaseUrl(credentials.baseUrl, credentials.allowHttp === true);
	if (!checked.ok) throw new NodeOperationError(this.getNode(), checked.message);
	const baseUrl = checked.baseUrl;
	const apiKey = String(credentials.apiKey ?? '');
	const answer = await sendWithRetries.call(this, {
		service: 'Campaign Monitor',
		credentialType: CM_CREDENTIAL,
		method: request.method,
		url: `${baseUrl}${request.path}`,
		qs: request.qs,
		body: request.body,
		headers: { 'Content-Type': 'application/json; charset=utf-8' },
		timeoutMs: limits.timeoutMs,
		idempotent: request.idempotent,
		retry: limits.retry,
		rateLimit: {
			key: `${baseUrl}|${request.limitKey ?? 'account'}`,
			requestsPerSecond: limits.requestsPerSecond,
			burst: limits.burst,
		},
		resetSeconds,
		accepts: ({ body }) => {
			const code = errorCode(body);
			return code !== undefined && request.acceptCodes?.includes(code) === true;
		},
		alreadyDone: request.alreadyDone,
		fail: ({ status, body }) => throwCmApiError.call(this, status, body, apiKey, request.itemIndex),
		itemIndex: request.itemIndex,
	});
	return {
		status: answer.status,
		body: answer.body as T,
		acceptedCode: answer.accepted ? errorCode(answer.accepted.body) : undefined,
		attempts: answer.attempts,
	};
}

/** The CM path segment for an id or email: encodeURIComponent also encodes "+". */
export function cmId(value: string): string {
	return encodeURIComponent(value.trim());
}

export type SubscriberDetails = {
	CustomFields?: Array<{ Key: string; Value: string }>;
	[key: string]: unknown;
};

/** Reads one subscriber (with tracking preference); "not in the list" (203) is an answer, not an error. */
export async function getSubscriber(
	this: CmContext,
	listId: string,
	email: string,
	options: CmCallOptions = {},
): Promise<CmResponse<SubscriberDetails>> {
	return (await cmApiRequest.call(
		this,
		{
			method: 'GET',
			path: `/subscribers/${cmId(listId)}.json`,
			qs: { email, includetrackingpreference: true },
			limitKey: listId,
			idempotent: true,
			acceptCodes: [203],
			itemIndex: options.itemIndex,
		},
		options.limits,
	)) as CmResponse<SubscriberDetails>;
}

export type CmListState = 'active' | 'unsubscribed' | 'bounced' | 'deleted';

/** Reads one state of a list in pages of 1000 (CM's largest), yielding each page's subscribers. */
export async function* cmListPages(
	this: CmContext,
	listId: string,
	state: CmListState,
	limits?: CmLimits,
	onRequest: () => void = () => undefined,
): AsyncGenerator<SubscriberDetails[]> {
	for (let page = 1; ; page++) {
		onRequest();
		const { body } = (await cmApiRequest.call(
			this,
			{
				method: 'GET',
				path: `/lists/${cmId(listId)}/${state}.json`,
				qs: { page, pagesize: 1000, orderfield: 'email', orderdirection: 'asc' },
				limitKey: listId,
				idempotent: true,
			},
			limits,
		)) as CmResponse<{ Results?: SubscriberDetails[]; NumberOfPages?: number }>;
		const results = body.Results ?? [];
		if (results.length) yield results;
		if (results.length === 0 || page >= (body.NumberOfPages ?? 0)) return;
	}
}

/** How many Active subscribers the list has (one small page of active.json). */
export async function activeSubscriberCount(
	this: CmContext,
	listId: string,
	limits?: CmLimits,
): Promise<number> {
	const { body } = (await cmApiRequest.call(
		this,
		{
			method: 'GET',
			path: `/lists/${cmId(listId)}/active.json`,
			qs: { page: 1, pagesize: 10 },
			limitKey: listId,
			idempotent: true,
		},
		limits,
	)) as CmResponse<{ TotalNumberOfRecords?: number }>;
	return Number(body.TotalNumberOfRecords ?? 0);
}

export interface ImportResultData {
	FailureDetails?: Array<{ EmailAddress: string; Code: number; Message: string }>;
	DuplicateEmailsInSubmission?: string[];
	TotalUniqueEmailsSubmitted?: number;
	TotalExistingSubscribers?: number;
	TotalNewSubscribers?: number;
}

export interface ImportFlags {
	resubscribe: boolean;
	queueSubscriptionBasedAutoresponders: boolean;
	restartSubscriptionBasedAutoresponders: boolean;
}

/**
 * One bulk import call (at most 1000 subscribers). A partial failure (HTTP 400, code 210) is an
 * answer: its ResultData comes back like a full success's, with FailureDetails per address.
 */
export async function importSubscribers(
	this: CmContext,
	listId: string,
	subscribers: IDataObject[],
	flags: ImportFlags,
	options: CmCallOptions = {},
): Promise<ImportResultData> {
	const response = await cmApiRequest.call(
		this,
		{
			method: 'POST',
			path: `/subscribers/${cmId(listId)}/import.json`,
			body: {
				Subscribers: subscribers,
				Resubscribe: flags.resubscribe,
				QueueSubscriptionBasedAutoresponders: flags.queueSubscriptionBasedAutoresponders,
				RestartSubscriptionBasedAutoresponders: flags.restartSubscriptionBasedAutoresponders,
			},
			limitKey: listId,
			idempotent: true,
			acceptCodes: [210],
			itemIndex: options.itemIndex,
		},
		options.limits,
	);
	const data =
		response.acceptedCode === 210
			? (response.body as { ResultData?: ImportResultData }).ResultData
			: (response.body as ImportResultData);
	return data ?? {};
}

/**
 * Unsubscribes or deletes one address. "Not in the list" (203) counts as done, since the wanted
 * end state holds either way; returns whether the address was in the list.
 */
export async function removeFromList(
	this: CmContext,
	listId: string,
	email: string,
	how: 'unsubscribe' | 'delete',
	options: CmCallOptions = {},
): Promise<boolean> {
	const common = {
		limitKey: listId,
		idempotent: true,
		acceptCodes: [203],
		itemIndex: options.itemIndex,
	};
	const response = await cmApiRequest.call(
		this,
		how === 'unsubscribe'
			? {
					...common,
					method: 'POST',
					path: `/subscribers/${cmId(listId)}/unsubscribe.json`,
					body: { EmailAddress: email },
				}
			: { ...common, method: 'DELETE', path: `/subscribers/${cmId(listId)}.json`, qs: { email } },
		options.limits,
	);
	return response.acceptedCode !== 203;
}

/** Where a call is made from: its item (for errors) and the node's limits. */
export interface CmCallOptions {
	itemIndex?: number;
	limits?: CmLimits;
}

export interface CmClient {
	ClientID: string;
	Name: string;
}

/** The clients the API key can see. */
export async function listClients(this: CmContext): Promise<CmClient[]> {
	const { body } = await cmApiRequest.call(this, {
		method: 'GET',
		path: '/clients.json',
		idempotent: true,
	});
	return (body as CmClient[]) ?? [];
}

/** A client's lists. */
export async function listClientLists(
	this: CmContext,
	clientId: string,
): Promise<Array<{ ListID: string; Name: string }>> {
	const { body } = await cmApiRequest.call(this, {
		method: 'GET',
		path: `/clients/${cmId(clientId)}/lists.json`,
		idempotent: true,
	});
	return (body as Array<{ ListID: string; Name: string }>) ?? [];
}

/**
 * The list's details, or undefined when Campaign Monitor does not know the id or the key cannot
 * see it (code 101, "Invalid ListID").
 */
export async function getListDetails(
	this: CmContext,
	listId: string,
	options: CmCallOptions = {},
): Promise<{ ListID: string; Title: string } | undefined> {
	const response = await cmApiRequest.call(
		this,
		{
			method: 'GET',
			path: `/lists/${cmId(listId)}.json`,
			limitKey: listId,
			idempotent: true,
			acceptCodes: [101],
			itemIndex: options.itemIndex,
		},
		options.limits,
	);
	if (response.acceptedCode !== undefined) return undefined;
	return response.body as { ListID: string; Title: string };
}

/** The list's custom fields, as Campaign Monitor defines them now. */
export async function listCustomFields(
	this: CmContext,
	listId: string,
	options: CmCallOptions = {},
): Promise<CmCustomFieldDefinition[]> {
	const { body } = await cmApiRequest.call(
		this,
		{
			method: 'GET',
			path: `/lists/${cmId(listId)}/customfields.json`,
			limitKey: listId,
			idempotent: true,
			itemIndex: options.itemIndex,
		},
		options.limits,
	);
	return (body as CmCustomFieldDefinition[]) ?? [];
}

export interface NewCustomField {
	FieldName: string;
	DataType: string;
	Options?: string[];
	VisibleInPreferenceCenter?: boolean;
}

/**
 * Creates a custom field; returns its key. Not safe to repeat (a second create fails with
 * "duplicate field key"): after a 5xx or a lost answer `findCreated` looks for it first.
 */
export async function createCustomField(
	this: CmContext,
	listId: string,
	field: NewCustomField,
	findCreated: () => Promise<string | undefined>,
	options: CmCallOptions = {},
): Promise<string> {
	const response = await cmApiRequest.call(
		this,
		{
			method: 'POST',
			path: `/lists/${cmId(listId)}/customfields.json`,
			body: { Options: [], VisibleInPreferenceCenter: false, ...field },
			limitKey: listId,
			idempotent: false,
			alreadyDone: findCreated,
			itemIndex: options.itemIndex,
		},
		options.limits,
	);
	return String(response.body);
}

/** Adds the subscriber, or updates the one with that address (an upsert: safe to repeat). */
export async function addOrUpdateSubscriber(
	this: CmContext,
	listId: string,
	body: IDataObject,
	options: CmCallOptions = {},
): Promise<string | undefined> {
	const response = await cmApiRequest.call(
		this,
		{
			method: 'POST',
			path: `/subscribers/${cmId(listId)}.json`,
			body,
			limitKey: listId,
			idempotent: true,
			itemIndex: options.itemIndex,
		},
		options.limits,
	);
	return typeof response.body === 'string' ? response.body : undefined;
}

/** What an update of an existing subscriber found instead of updating. */
export type UpdateRefusal = 'not in list' | 'address taken';

/**
 * Updates the subscriber under `email` (a new EmailAddress in `body` renames it); never adds.
 * Repeating it after a lost answer is safe: a rename that landed answers "not in list" for the
 * old address, so `accept` names the refusals that are an answer here.
 */
export async function updateSubscriber(
	this: CmContext,
	listId: string,
	email: string,
	body: IDataObject,
	accept: UpdateRefusal[],
	options: CmCallOptions = {},
): Promise<UpdateRefusal | undefined> {
	const codes: Record<UpdateRefusal, number> = { 'not in list': 203, 'address taken': 201 };
	const newEmail = String(body.EmailAddress ?? email).trim();
	const renaming = newEmail.toLowerCase() !== email.trim().toLowerCase();
	const acceptCodes = accept.map((refusal) => codes[refusal]);
	if (renaming) acceptCodes.push(203);
	const response = await cmApiRequest.call(
		this,
		{
			method: 'PUT',
			path: `/subscribers/${cmId(listId)}.json`,
			qs: { email },
			body,
			limitKey: listId,
			idempotent: true,
			acceptCodes,
			itemIndex: options.itemIndex,
		},
		options.limits,
	);
	if (response.acceptedCode === 203 && renaming && response.attempts > 1) {
		// A rename sent again after a lost answer finds the old address gone when the first one
		// landed: the subscriber under the new address says it did.
		const now = await getSubscriber.call(this, listId, newEmail, options);
		if (now.acceptedCode === undefined) return undefined;
	}
	const refusal = accept.find((r) => codes[r] === response.acceptedCode);
	if (response.acceptedCode !== undefined && refusal === undefined)
		throwCmApiError.call(this, response.status, response.body, '', options.itemIndex);
	return refusal;
}

export interface CmWebhook {
	WebhookID: string;
	Events: string[];
	Url: string;
	Status: string;
	PayloadFormat: string;
}

/** The list's webhooks. */
export async function listWebhooks(this: CmContext, listId: string): Promise<CmWebhook[]> {
	const { body } = await cmApiRequest.call(this, {
		method: 'GET',
		path: `/lists/${cmId(listId)}/webhooks.json`,
		limitKey: listId,
		idempotent: true,
	});
	return (body as CmWebhook[]) ?? [];
}

/**
 * Creates a list webhook (JSON payloads). Not safe to repeat (a second webhook would run every
 * event twice): after a 5xx or a lost answer `findCreated` looks for it first.
 */
export async function createWebhook(
	this: CmContext,
	listId: string,
	hook: { events: string[]; url: string },
	findCreated: () => Promise<string | undefined>,
): Promise<void> {
	await cmApiRequest.call(this, {
		method: 'POST',
		path: `/lists/${cmId(listId)}/webhooks.json`,
		body: { Events: hook.events, Url: hook.url, PayloadFormat: 'json' },
		limitKey: listId,
		idempotent: false,
		alreadyDone: findCreated,
	});
}

/** Deletes a list webhook. */
export async function deleteWebhook(
	this: CmContext,
	listId: string,
	webhookId: string,
): Promise<void> {
	await cmApiRequest.call(this, {
		method: 'DELETE',
		path: `/lists/${cmId(listId)}/webhooks/${cmId(webhookId)}.json`,
		limitKey: listId,
		idempotent: true,
	});
}

/**
 * Turns a list webhook back on (Campaign Monitor deactivates one after days of failed
 * deliveries). Safe to repeat.
 */
export async function activateWebhook(
	this: CmContext,
	listId: string,
	webhookId: string,
): Promise<void> {
	await cmApiRequest.call(this, {
		method: 'PUT',
		path: `/lists/${cmId(listId)}/webhooks/${cmId(webhookId)}/activate.json`,
		limitKey: listId,
		idempotent: true,
	});
}
