import type {
	IDataObject,
	IExecuteFunctions,
	IHookFunctions,
	IHttpRequestMethods,
	ILoadOptionsFunctions,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { ghostIdSegment, isGhostId } from '../domain/ghost/ghostId';
import { ghostAdminApiBaseUrl } from '../domain/ghost/ghostUrl';
import type { HttpErrorDetails } from '../domain/http/httpError';
import { DEFAULT_TIMEOUT_MS } from '../domain/http/httpError';
import { afterIdFilter, emailFilter, emailListFilters } from '../domain/ghost/nql';
import { redact } from '../domain/security/redact';
import type { SignupAttribution } from '../domain/ghost/signupAttribution';
import {
	attributionsAnswered,
	SIGNUP_READS_PER_CALL,
	signupEventsFilter,
} from '../domain/ghost/signupAttribution';
import { DEFAULT_RETRY, type RetrySettings } from '../domain/http/retryPolicy';
import { sendWithRetries } from './request';

export const GHOST_CREDENTIAL = 'ghostMembersAdminApi';

/** Ghost answers JSON objects keyed by resource (`members`, `webhooks`, ...). */
export type GhostResponseBody = Record<string, unknown> & {
	webhooks?: Array<{ id?: string }>;
	members?: Array<Record<string, unknown>>;
};

type GhostContext = IHookFunctions | IExecuteFunctions | ILoadOptionsFunctions;

export interface GhostRequestOptions {
	body?: IDataObject;
	qs?: IDataObject;
	/** Statuses that are an answer, not a failure (e.g. 404 when deleting something already gone). */
	acceptStatuses?: number[];
	/** How long to wait for Ghost's answer (default 30 s). */
	timeoutMs?: number;
	/**
	 * Safe to send again after a 5xx or a lost answer: every read, PUT and DELETE; a POST only
	 * when its caller takes Ghost's "already exists" answer as done.
	 */
	idempotent?: boolean;
	/** Backoff for 5xx, 429 and lost connections (the same rules as Campaign Monitor's). */
	retry?: RetrySettings;
}

function ghostErrorMessage(body: unknown): string | undefined {
	const first = (body as { errors?: Array<{ message?: string; context?: string }> })?.errors?.[0];
	if (!first?.message) return undefined;
	// Ghost's messages can quote the member's address: never show it raw.
	return redact(first.context ? `${first.message} ${first.context}` : first.message);
}

/**
 * `/<resource>/<id>/` for a checked Ghost id; anything else (a path, a query, an email) stops the
 * node with a message that does not repeat the value.
 */
export function ghostIdPath(
	this: GhostContext,
	resource: 'members' | 'webhooks',
	id: unknown,
	itemIndex?: number,
): string {
	const segment = ghostIdSegment(id);
	if (!segment) {
		const what = resource === 'members' ? 'member' : 'webhook';
		throw new NodeOperationError(this.getNode(), `A Ghost ${what} id is 24 hex characters`, {
			itemIndex,
		});
	}
	return `/${resource}/${segment}/`;
}

/**
 * Every call to the Ghost Admin API goes through here: URL guard, fresh JWT, retries, readable
 * errors. A 502 from a proxy in front of Ghost, or a dropped connection, is retried with backoff so
 * one blip does not stop a 1,000-page full sync.
 */
export async function ghostAdminRequest(
	this: GhostContext,
	method: IHttpRequestMethods,
	path: string,
	options: GhostRequestOptions = {},
): Promise<{ status: number; body: GhostResponseBody }> {
	const credentials = await this.getCredentials(GHOST_CREDENTIAL);
	const site = ghostAdminApiBaseUrl(credentials.url as string, credentials.allowHttp === true);
	if (!site.ok) throw new NodeOperationError(this.getNode(), site.message);
	const answer = await sendWithRetries.call(this, {
		service: 'Ghost',
		credentialType: GHOST_CREDENTIAL,
		method,
		url: `${site.baseUrl}${path}`,
		qs: options.qs,
		body: options.body,
		timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
		idempotent: options.idempotent ?? method !== 'POST',
		retry: options.retry ?? DEFAULT_RETRY,
		accepts: ({ status }) =>
			status !== undefined && options.acceptStatuses?.includes(status) === true,
		fail: (failure, error) => ghostFailure.call(this, failure, error, method, path),
	});
	return { status: answer.status, body: (answer.body ?? {}) as GhostResponseBody };
}

/** A final failure as a NodeApiError that names no member. */
function ghostFailure(
	this: GhostContext,
	{ status, body }: HttpErrorDetails,
	error: unknown,
	method: IHttpRequestMethods,
	path: string,
): never {
	const detail = ghostErrorMessage(body);
	const message =
		status === 401 || status === 403
			? 'Ghost refused the Admin API key'
			: `Ghost Admin API ${method} ${path.split('?')[0]} failed${status ? ` (${status})` : ''}`;
	throw new NodeApiError(this.getNode(), { message, description: detail ?? '' } as JsonObject, {
		message,
		description: detail ?? (status ? undefined : redact((error as Error).message)),
		httpCode: status ? String(status) : undefined,
	});
}

export interface MemberPageQuery {
	filter?: string;
	order?: string;
	include?: string;
	/** Members per page; Ghost allows at most 100. */
	limit?: number;
	/**
	 * Keyset paging on `id` (ordered by id, each page after the last id read): a member deleted
	 * or added while the read runs, or many members sharing a `created_at` (a CSV import), cannot
	 * shift a page and hide another member, as page numbers can. `order` is ignored.
	 */
	stable?: boolean;
	/** Told, after the first page, how many members match in all. */
	onTotal?: (total: number) => void;
}

/**
 * Reads members page by page (each request with a fresh JWT), so callers can stream 100k members
 * without holding them all, and a run longer than the 5-minute token life never fails.
 */
export async function* ghostMemberPages(
	this: GhostContext,
	query: MemberPageQuery = {},
	onRequest: () => void = () => undefined,
): AsyncGenerator<Array<Record<string, unknown>>> {
	const limit = Math.min(100, Math.max(1, query.limit ?? 100));
	let lastId = '';
	for (let page = 1; ; page++) {
		const qs: IDataObject = query.stable
			? { limit, order: 'id asc' }
			: { limit, page, order: query.order || 'created_at asc' };
		// lastId is set in stable mode only: each page starts after the last id read.
		const filter = lastId ? afterIdFilter(lastId, query.filter) : query.filter;
		if (filter) qs.filter = filter;
		if (query.include) qs.include = query.include;
		onRequest();
		const { body } = await ghostAdminRequest.call(this, 'GET', '/members/', { qs });
		const members = (body.members ?? []) as Array<Record<string, unknown>>;
		const pagination = (
			body.meta as { pagination?: { next?: number | null; total?: number } } | undefined
		)?.pagination;
		if (page === 1) query.onTotal?.(Number(pagination?.total ?? members.length));
		if (members.length) yield members;
		if (!pagination?.next || members.length === 0) return;
		const last = members[members.length - 1].id;
		if (query.stable) {
			// An id that does not move the position on would read the same page forever.
			if (typeof last !== 'string' || last <= lastId) return;
			lastId = last;
		}
	}
}

/**
 * The members Ghost has under these addresses (any case), keyed by lower-cased address: one
 * browse per up to 100 addresses (`filter=email:[…]`), narrowed to `within` when given.
 */
export async function ghostMembersByEmail(
	this: GhostContext,
	emails: readonly string[],
	within = '',
	onRequest: () => void = () => undefined,
): Promise<Map<string, Record<string, unknown>>> {
	// Ghost compares addresses as its database does (exact on SQLite): ask for both spellings.
	const forms = [...new Set(emails.flatMap((email) => [email, email.toLowerCase()]))];
	const found = new Map<string, Record<string, unknown>>();
	for (const filter of emailListFilters(forms, MEMBERS_PER_READ, within)) {
		onRequest();
		const { body } = await ghostAdminRequest.call(this, 'GET', '/members/', {
			qs: { filter, limit: MEMBERS_PER_READ, include: 'tiers' },
		});
		for (const member of body.members ?? []) {
			if (typeof member.email === 'string') found.set(member.email.toLowerCase(), member);
		}
	}
	return found;
}

/**
 * The member as Ghost has it now: `GET /members/:id/` brings labels, newsletters, tiers and
 * subscriptions. Null when Ghost has no member with this id (deleted).
 */
export async function readGhostMember(
	this: GhostContext,
	memberId: unknown,
	itemIndex?: number,
): Promise<Record<string, unknown> | null> {
	const path = ghostIdPath.call(this, 'members', memberId, itemIndex);
	const { status, body } = await ghostAdminRequest.call(this, 'GET', path, {
		acceptStatuses: [404],
	});
	if (status === 404) return null;
	return body.members?.[0] ?? null;
}

/** Ghost reads at most this many members per page. */
const MEMBERS_PER_READ = 100;

/**
 * Several members as Ghost has them now, in one browse per 100 (`filter=id:[…]`, with tiers and
 * subscriptions), so a batch of events costs one read, not one per event. Ids Ghost does not have
 * are absent from the map; ids that are not Ghost ids are never sent.
 */
export async function readGhostMembers(
	this: GhostContext,
	memberIds: readonly string[],
): Promise<Map<string, Record<string, unknown>>> {
	const ids = [...new Set(memberIds.map((id) => id.trim().toLowerCase()).filter(isGhostId))];
	const found = new Map<string, Record<string, unknown>>();
	for (let start = 0; start < ids.length; start += MEMBERS_PER_READ) {
		const chunk = ids.slice(start, start + MEMBERS_PER_READ);
		const { body } = await ghostAdminRequest.call(this, 'GET', '/members/', {
			qs: { filter: `id:[${chunk.join(',')}]`, limit: MEMBERS_PER_READ, include: 'tiers' },
		});
		for (const member of body.members ?? []) {
			if (typeof member.id === 'string') found.set(member.id.toLowerCase(), member);
		}
	}
	return found;
}

/**
 * Where these members signed up from (Ghost's member list has no attribution): one read of
 * Ghost's activity feed per 100 members, signup events only. Each asked-for id maps to its
 * attribution, or null when Ghost recorded none.
 */
export async function readSignupAttributions(
	this: GhostContext,
	memberIds: readonly string[],
	onRequest: () => void = () => undefined,
): Promise<Map<string, SignupAttribution | null>> {
	const pending = [...new Set(memberIds.map((id) => id.trim().toLowerCase()).filter(isGhostId))];
	const found = new Map<string, SignupAttribution | null>();
	while (pending.length > 0) {
		const chunk = pending.splice(0, SIGNUP_READS_PER_CALL);
		onRequest();
		const { body } = await ghostAdminRequest.call(this, 'GET', '/members/events/', {
			qs: { filter: signupEventsFilter(chunk), limit: SIGNUP_READS_PER_CALL },
		});
		const answer = attributionsAnswered(body.events, chunk);
		for (const [id, attribution] of answer.found) found.set(id, attribution);
		pending.unshift(...answer.again);
	}
	return found;
}

/**
 * Puts each member's signup attribution on them (`attribution`, as Ghost's member read has it),
 * for the members `needs` picks, when the sync writes a signup field. `none: 'leave'` leaves a
 * member Ghost has no signup for without one (right after a signup Ghost may not have written
 * it yet); otherwise they get null ("Unknown").
 */
export async function withSignupAttribution(
	this: GhostContext,
	members: Array<Record<string, unknown>>,
	needs: (member: Record<string, unknown>) => boolean,
	onRequest?: () => void,
	none: 'leave' | 'unknown' = 'unknown',
): Promise<void> {
	const wanted = members.filter((m) => !('attribution' in m) && isGhostId(m.id) && needs(m));
	if (wanted.length === 0) return;
	const attributions = await readSignupAttributions.call(
		this,
		wanted.map((m) => String(m.id)),
		onRequest,
	);
	for (const member of wanted) {
		const attribution = attributions.get(String(member.id).toLowerCase()) ?? null;
		if (attribution || none === 'unknown') member.attribution = attribution;
	}
}

/** The member who has this address now (an escaped NQL filter), or null. */
export async function findGhostMemberByEmail(
	this: GhostContext,
	email: string,
): Promise<Record<string, unknown> | null> {
	const { body } = await ghostAdminRequest.call(this, 'GET', '/members/', {
		qs: { filter: emailFilter(email), limit: 1 },
	});
	return body.members?.[0] ?? null;
}

/** Changes a member (only the keys given, e.g. newsletters or labels); returns Ghost's member. */
export async function updateGhostMember(
	this: GhostContext,
	memberId: unknown,
	change: IDataObject,
	itemIndex?: number,
): Promise<Record<string, unknown> | undefined> {
	const { body } = await ghostAdminRequest.call(
		this,
		'PUT',
		ghostIdPath.call(this, 'members', memberId, itemIndex),
		{ body: { members: [change] } },
	);
	return body.members?.[0];
}

export interface NewGhostWebhook {
	event: string;
	target_url: string;
	name: string;
	/** Ghost signs deliveries with it; none for the setup's delivery check. */
	secret?: string;
}

/**
 * Registers a webhook; returns its id. Sent again after a lost answer: a create that went
 * through meets Ghost's "already exists" 422, which the caller takes as registered.
 */
export async function createGhostWebhook(
	this: GhostContext,
	webhook: NewGhostWebhook,
): Promise<string | undefined> {
	const { body } = await ghostAdminRequest.call(this, 'POST', '/webhooks/', {
		idempotent: true,
		body: { webhooks: [webhook as unknown as IDataObject] },
	});
	const id = body.webhooks?.[0]?.id;
	return typeof id === 'string' ? id : undefined;
}

/** Removes a webhook; one already gone (404, removed in Ghost Admin) is what was wanted. */
export async function deleteGhostWebhook(this: GhostContext, webhookId: string): Promise<void> {
	await ghostAdminRequest.call(this, 'DELETE', ghostIdPath.call(this, 'webhooks', webhookId), {
		acceptStatuses: [404],
	});
}

/** The site's title and address (Ghost's public site endpoint, read with the Admin API key). */
export async function readGhostSite(this: GhostContext): Promise<{ title: string; url: string }> {
	const { body } = await ghostAdminRequest.call(this, 'GET', '/site/');
	const site = (body.site ?? {}) as { title?: unknown; url?: unknown };
	return { title: String(site.title ?? ''), url: String(site.url ?? '') };
}

/** What Ghost recorded of a webhook's last delivery. */
export interface GhostWebhookState {
	lastTriggeredAt: string | null;
	lastTriggeredStatus: number | null;
	lastTriggeredError: string | null;
}

/**
 * A webhook as Ghost has it now, or undefined when Ghost no longer has it. Ghost has no way to
 * list an integration's webhooks; editing one with its own name changes nothing and answers it
 * (404 when it is gone).
 */
export async function readGhostWebhook(
	this: GhostContext,
	webhookId: string,
	name: string,
): Promise<GhostWebhookState | undefined> {
	const { status, body } = await ghostAdminRequest.call(
		this,
		'PUT',
		ghostIdPath.call(this, 'webhooks', webhookId),
		{ body: { webhooks: [{ name }] }, acceptStatuses: [404] },
	);
	if (status === 404) return undefined;
	const webhook = (body.webhooks?.[0] ?? {}) as Record<string, unknown>;
	const status_ = webhook.last_triggered_status;
	return {
		lastTriggeredAt:
			typeof webhook.last_triggered_at === 'string' ? webhook.last_triggered_at : null,
		lastTriggeredStatus:
			status_ === null || status_ === undefined || status_ === '' ? null : Number(status_),
		lastTriggeredError:
			typeof webhook.last_triggered_error === 'string' ? webhook.last_triggered_error : null,
	};
}

/** Creates a tag (internal when its name starts with #); returns its id. */
export async function createGhostTag(this: GhostContext, name: string): Promise<string> {
	const { body } = await ghostAdminRequest.call(this, 'POST', '/tags/', {
		body: { tags: [{ name }] },
	});
	return String((body.tags as Array<{ id?: unknown }> | undefined)?.[0]?.id ?? '');
}

export async function deleteGhostTag(this: GhostContext, tagId: string): Promise<void> {
	if (!/^[0-9a-f]{24}$/.test(tagId)) return;
	await ghostAdminRequest.call(this, 'DELETE', `/tags/${tagId}/`, { acceptStatuses: [404] });
}
