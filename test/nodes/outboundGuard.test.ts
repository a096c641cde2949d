/* eslint-disable @n8n/community-nodes/no-hardcoded-secrets -- made-up keys, to prove they never leave for another host */
// Where credentials may go: the review's outbound findings, each through n8n-core's real HTTP
// code (workflow runs and n8n's real credential-test context) with nock standing in for hosts.
import { CredentialTestContext } from 'n8n-core';
import type { ICredentialDataDecryptedObject, ICredentialTestFunctions } from 'n8n-workflow';
import nock from 'nock';

import {
	campaignMonitorApiTest,
	ghostMembersAdminApiTest,
} from '../../nodes/transport/credentialTests';
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
	const context = () =>
		new CredentialTestContext({} as never) as unknown as ICredentialTestFunctions;
	const cmTest = (data: ICredentialDataDecryptedObject) =>
		campaignMonitorApiTest.call(context(), {
			id: '1',
			name: 'c',
			type: 'campaignMonitorApi',
			data,
		});
	const ghostTest = (data: ICredentialDataDecryptedObject) =>
		ghostMembersAdminApiTest.call(context(), {
			id: '1',
			name: 'g',
			type: 'ghostMembersAdminApi',
			data,
		});

	it('Campaign Monitor: refuses a metadata Base URL without sending the key', async () => {
		const target = mustNotBeCalled();
		expect(
			await cmTest({ apiKey: CM_KEY, baseUrl: `${METADATA}/latest/meta-data/#`, allowHttp: true }),
		).toEqual({
			status: 'Error',
			message: expect.stringContaining('"?" or "#"'),
		});
		expect(await cmTest({ apiKey: CM_KEY, baseUrl: `${METADATA}/api` })).toEqual({
			status: 'Error',
			message: expect.stringContaining('uses http'),
		});
		expect(target.isDone()).toBe(false);
	});

	it('Campaign Monitor: passes with a good key, says why on a bad one, never follows a redirect', async () => {
		nock('https://api.createsend.com')
			.get('/api/v3.3/clients.json')
			.basicAuth({ user: CM_KEY, pass: 'x' })
			.reply(200, []);
		expect(await cmTest({ apiKey: CM_KEY, baseUrl: '' })).toEqual({
			status: 'OK',
			message: 'Connection successful',
		});
		nock('https://api.createsend.com')
			.get('/api/v3.3/clients.json')
			.reply(401, { Code: 50, Message: 'Must supply a valid HTTP Basic Authorization header' });
		const refused = await cmTest({ apiKey: CM_KEY, baseUrl: '' });
		expect(refused.status).toBe('Error');
		expect(refused.message).not.toContain(CM_KEY);
		nock('https://api.createsend.com')
			.get('/api/v3.3/clients.json')
			.reply(302, '', { Location: `${METADATA}/x` });
		const target = mustNotBeCalled();
		expect((await cmTest({ apiKey: CM_KEY, baseUrl: '' })).message).toContain(
			'redirect (302) to http://127.0.0.1:9',
		);
		expect(target.isDone()).toBe(false);
	});

	it('Ghost: refuses http without Allow HTTP and disguised addresses, before any request', async () => {
		const target = mustNotBeCalled();
		expect((await ghostTest({ url: `${METADATA}/`, apiKey: ADMIN_KEY })).message).toContain(
			'Allow HTTP',
		);
		expect(
			(await ghostTest({ url: 'http://[::ffff:127.0.0.1]:9/', apiKey: ADMIN_KEY, allowHttp: true }))
				.message,
		).toContain('IPv4 address written as IPv6');
		expect(target.isDone()).toBe(false);
	});

	it('Ghost: passes with a good key and never follows a redirect', async () => {
		nock(GHOST)
			.get('/ghost/api/admin/members/')
			.query({ limit: 1, fields: 'id' })
			.reply(200, { members: [] });
		expect(await ghostTest({ url: GHOST, apiKey: ADMIN_KEY })).toEqual({
			status: 'OK',
			message: 'Connection successful',
		});
		nock(GHOST)
			.get('/ghost/api/admin/members/')
			.query(true)
			.reply(302, '', { Location: `${METADATA}/latest/meta-data/` });
		const target = mustNotBeCalled();
		expect((await ghostTest({ url: GHOST, apiKey: ADMIN_KEY })).message).toContain(
			'redirect (302) to http://127.0.0.1:9',
		);
		expect(target.isDone()).toBe(false);
	});
});
