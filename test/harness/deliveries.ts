/* eslint-disable @n8n/community-nodes/no-restricted-imports -- end-to-end harness and benchmarks: load with autocannon; never shipped */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import autocannon from 'autocannon';

import { signGhostPayload } from './ghostSigning';
import { REPO_ROOT } from './package';

const fixture = JSON.parse(
	readFileSync(join(REPO_ROOT, 'test', 'fixtures', 'ghost', 'member.added.json'), 'utf8'),
);

/** A member.added body shaped like real Ghost's, for a distinct member, signed as Ghost signs it. */
export function signedMemberAdded(secret: string, email: string, memberId: string) {
	const current = {
		...fixture.member.current,
		id: memberId,
		email,
		uuid: `uuid-${memberId}`,
		name: `Member ${memberId.slice(-6)}`,
	};
	const body = JSON.stringify({
		...fixture,
		event: 'member.added',
		member: { current, previous: {} },
	});
	return {
		body,
		headers: {
			'content-type': 'application/json',
			'x-ghost-signature': signGhostPayload(body, secret, Date.now()),
		},
	};
}

/** The n-th member (from 1) of a burst: distinct email and 24-hex id, the same every run. */
export function burstMember(prefix: string, idPrefix: string, n: number) {
	return {
		email: `${prefix}${n}@example.com`,
		id: `${idPrefix}${n.toString(16).padStart(24 - idPrefix.length, '0')}`,
		name: `Member ${n}`,
	};
}

export interface BurstResult {
	/** Requests answered 2xx. */
	acknowledged: number;
	/** No answer within the timeout (Ghost's is 2 s) or a broken connection. */
	timeouts: number;
	non2xx: number;
	p50: number;
	p99: number;
	max: number;
	requestsPerSecond: number;
	/** Emails and member ids sent, in order. */
	members: Array<{ email: string; id: string }>;
}

/**
 * Delivers signed member.added webhooks the way Ghost does (one POST each, given up after
 * `timeoutSeconds`), `connections` at a time: either `amount` of them, or for `durationSeconds`.
 */
export async function deliverBurst(options: {
	url: string;
	secret: string;
	connections: number;
	amount?: number;
	durationSeconds?: number;
	timeoutSeconds?: number;
	/** Makes emails and ids distinct between bursts. */
	prefix: string;
	/** Hex digits that start each member id (ids are 24 hex characters). */
	idPrefix: string;
	/** Requests per second across all connections (a fixed rate, as a signup wave arrives). */
	overallRate?: number;
}): Promise<BurstResult> {
	const members: Array<{ email: string; id: string }> = [];
	const result = await autocannon({
		url: options.url,
		method: 'POST',
		connections: options.connections,
		amount: options.amount,
		...(options.overallRate ? { overallRate: options.overallRate } : {}),
		...(options.amount ? {} : { duration: options.durationSeconds }),
		timeout: options.timeoutSeconds ?? 2,
		requests: [
			{
				setupRequest: (request: Record<string, unknown>) => {
					const { email, id } = burstMember(options.prefix, options.idPrefix, members.length + 1);
					const member = { email, id };
					members.push(member);
					const signed = signedMemberAdded(options.secret, member.email, member.id);
					return {
						...request,
						body: signed.body,
						headers: { ...(request.headers as object), ...signed.headers },
					};
				},
			},
		],
	});
	return {
		acknowledged: result['2xx'],
		timeouts: result.timeouts + result.errors,
		non2xx: result.non2xx,
		p50: result.latency.p50,
		p99: result.latency.p99,
		max: result.latency.max,
		requestsPerSecond: result.requests.average,
		members,
	};
}

/**
 * A webhook as Ghost delivers it for this site: to the target URL Ghost holds for the event,
 * signed with the site's secret. For changes Ghost makes only with Stripe connected (a comp),
 * which the harness writes to the database: the body is the one Ghost's member model sends then.
 */
export async function deliverAsGhost(
	site: { ghost: { webhooks(): Promise<Array<{ event: string; target_url: string }>> } },
	secret: string,
	event: string,
	member: { current: object; previous: object },
): Promise<void> {
	const hook = (await site.ghost.webhooks()).find((candidate) => candidate.event === event);
	if (!hook) throw new Error(`Ghost has no ${event} webhook for this site`);
	const body = JSON.stringify({ member });
	const response = await fetch(hook.target_url, {
		method: 'POST',
		headers: {
			'content-type': 'application/json',
			'x-ghost-signature': signGhostPayload(body, secret, Date.now()),
		},
		body,
	});
	if (!response.ok) throw new Error(`${event} delivery answered ${response.status}`);
}
