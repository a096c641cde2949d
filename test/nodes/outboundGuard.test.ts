/* eslint-disable @n8n/community-nodes/no-hardcoded-secrets -- made-up keys, to prove they never leave for another host */
// Where credentials may go: the review's outbound findings, each through n8n-core's real HTTP
// code (workflow runs; credential tests through the credentials' authenticate) with nock standing in for hosts.
import type { ICredentialTestRequest, IHttpRequestOptions } from 'n8n-workflow';
import nock from 'nock';

import { CampaignMonitorApi } from '../../credentials/CampaignMonitorApi.credentials';
import { GhostMembersAdminApi } from '../../credentials/GhostMembersAdminApi.credentials';
import { runWorkflow, type WorkflowJson } from '../helpers/workflowRunner';

const GHOST = 'https://ghost.example.com';
const ADMIN_KEY = `6489f4f1c2f0a10001a0b0c1:${'0123456789abcdef'.repeat(4)}`;
const MEMBER_ID = '6750c0ffee0000000000beef';
const CM_KEY = 'cm-live-api-key-1234567890';
const LIST = 'a58ee1d3039b8bec838e6d1482a8a965';
const METADATA = 'http://127.0.0.1:9';

function single(
	type: string,
	credential: string,
	parameters: Record<string, unknown>,
): WorkflowJson {
	return {
		nodes: [
			{
				id: 'd00d0000-0000-4000-8000-000000000001',
				name: 'Node',
				type: `n8n-nodes-ghost-campaign-monitor.${type}`,
				typeVersion: 1,
				position: [0, 0],
				parameters: parameters as never,
				credentials: { [credential]: { id: '1', name: 'c' } },
			},
		],
		connections: {},
	};
}
const ghostRun = (parameters: Record<string, unknown>) =>
	runWorkflow(single('ghostMembers', 'ghostMembersAdminApi', parameters), {
		ghostMembersAdminApi: {
			url: GHOST,
			apiKey: ADMIN_KEY,
			allowHttp: false,
			acceptVersion: 'v6.0',
		},
	});
const cmRun = (baseUrl: string, allowHttp = false) =>
	runWorkflow(
		single('campaignMonitor', 'campaignMonitorApi', {
			resource: 'subscriber',
			operation: 'get',
			list: { __rl: true, mode: 'id', value: LIST },
			email: 'jamie@example.com',
		}),
		{ campaignMonitorApi: { apiKey: CM_KEY, baseUrl, allowHttp } },
	);

/** A host that must never be asked anything: its scope stays pending when nothing reached it. */
function mustNotBeCalled(origin = METADATA) {
	return nock(origin).get(/.*/).reply(200, { secret: 'role-credentials' }).put(/.*/).reply(200, {});
}

beforeAll(() => nock.disableNetConnect());
afterAll(() => nock.enableNetConnect());
afterEach(() => nock.cleanAll());

describe('no credential follows a redirect', () => {
	it('Ghost: a 302 to a metadata URL stops the node; the Admin JWT is not sent there', async () => {
		nock(GHOST)
			.get(`/ghost/api/admin/members/${MEMBER_ID}/`)
			.reply(302, '', { Location: `${METADATA}/latest/meta-data/iam/` });
		const target = mustNotBeCalled();
		const { error } = await ghostRun({ operation: 'get', memberId: MEMBER_ID });
		expect(error?.message).toContain('Ghost answered with a redirect (302) to http://127.0.0.1:9');
		expect(target.isDone()).toBe(false);
	});

	it('Campaign Monitor: a 301 to another origin stops the node; the API key is not sent there', async () => {
		nock('https://api.createsend.com')
			.get(`/api/v3.3/subscribers/${LIST}.json`)
			.query(true)
			.reply(301, '', { Location: `${METADATA}/latest/meta-data/` });
		const target = mustNotBeCalled();
		const { error } = await cmRun('https://api.createsend.com/api/v3.3');
		expect(error?.message).toContain(
			'Campaign Monitor answered with a redirect (301) to http://127.0.0.1:9',
		);
		expect(error?.message).not.toContain(CM_KEY);
		expect(target.isDone()).toBe(false);
	});
});

describe('the Campaign Monitor Base URL is guarded', () => {
	const metadataBase = `${METADATA}/latest/meta-data/iam/security-credentials/role#`;
	it('refuses a metadata path (http, "#") before any request, with or without the test-server switch', async () => {
		const target = mustNotBeCalled();
		expect((await cmRun(metadataBase)).error?.message).toContain('Allow HTTP (Test Server)');
		expect((await cmRun(metadataBase, true)).error?.message).toContain(
			'must not contain "?" or "#"',
		);
		expect((await cmRun('http://[::ffff:169.254.169.254]/api', true)).error?.message).toContain(
			'IPv4 address written as IPv6',
		);
		expect(target.isDone()).toBe(false);
	});
});

describe('Ghost ids go into paths checked', () => {
	it.each(['../settings', 'abc/?include=roles'])(
		'Update Newsletters refuses the member id %p before any request',
		async (memberId) => {
			const settings = mustNotBeCalled(GHOST);
			const { error } = await ghostRun({
				operation: 'updateNewsletters',
				memberId,
				subscription: 'unsubscribeAll',
			});
			expect(error?.message).toBe('A Ghost member id is 24 hex characters');
			expect(settings.isDone()).toBe(false);
		},
	);
});

describe('credential tests go through the same guard', () => {
	// n8n runs a credential's test request through its authenticate(): the guard sits there, so
	// the key never leaves for an address the credential's form should not reach.
	const cm = new CampaignMonitorApi();
	const ghost = new GhostMembersAdminApi();
	const testRequest = (credential: { test: ICredentialTestRequest }) =>
		({ ...credential.test.request }) as IHttpRequestOptions;

	it('Campaign Monitor: refuses a metadata or http Base URL before the key is used', async () => {
		await expect(
			cm.authenticate(
				{ apiKey: CM_KEY, baseUrl: `${METADATA}/latest/meta-data/#`, allowHttp: true },
				testRequest(cm),
			),
		).rejects.toThrow('"?" or "#"');
		await expect(
			cm.authenticate({ apiKey: CM_KEY, baseUrl: `${METADATA}/api` }, testRequest(cm)),
		).rejects.toThrow('uses http');
	});

	it('Campaign Monitor: the test request goes to the guarded Base URL, the key as Basic user, no redirects', async () => {
		const options = await cm.authenticate(
			{ apiKey: ` ${CM_KEY} `, baseUrl: 'https://api.createsend.com/api/v3.3/' },
			testRequest(cm),
		);
		expect(options).toMatchObject({
			baseURL: 'https://api.createsend.com/api/v3.3',
			url: '/clients.json',
			auth: { username: CM_KEY, password: 'x' },
			disableFollowRedirect: true,
		});
		// An empty Base URL means Campaign Monitor's own.
		expect((await cm.authenticate({ apiKey: CM_KEY, baseUrl: '' }, testRequest(cm))).baseURL).toBe(
			'https://api.createsend.com/api/v3.3',
		);
	});

	it('Ghost: refuses http without Allow HTTP and disguised addresses, before the key is used', async () => {
		await expect(
			ghost.authenticate({ url: `${METADATA}/`, apiKey: ADMIN_KEY }, testRequest(ghost)),
		).rejects.toThrow('Allow HTTP');
		await expect(
			ghost.authenticate(
				{ url: 'http://[::ffff:127.0.0.1]:9/', apiKey: ADMIN_KEY, allowHttp: true },
				testRequest(ghost),
			),
		).rejects.toThrow('IPv4 address written as IPv6');
	});

	it('Ghost: the test request reads one member id from the Admin API, with a fresh token, no redirects', async () => {
		const options = await ghost.authenticate(
			{ url: `${GHOST}/blog/`, apiKey: ADMIN_KEY },
			testRequest(ghost),
		);
		expect(options).toMatchObject({
			baseURL: `${GHOST}/blog/ghost/api/admin`,
			url: '/members/',
			qs: { limit: 1, fields: 'id' },
			disableFollowRedirect: true,
			headers: { 'Accept-Version': 'v6.0' },
		});
		expect(String(options.headers?.Authorization)).toMatch(/^Ghost [\w-]+\.[\w-]+\.[\w-]+$/);
	});
});
