import nock from 'nock';

import { GhostMemberTrigger } from '../../nodes/GhostMemberTrigger/GhostMemberTrigger.node';
import { ENSURED_GHOST_FIELDS } from '../../nodes/domain/sync/ghostFields';
import { startSimulator, type CampaignMonitorSimulator } from '../cm-simulator/server';
import { ADMIN_KEY, GHOST_URL, hookContext } from '../helpers/contexts';

/**
 * Version 2 of the trigger names the site sync's list, and publishing checks what would
 * otherwise fail silently later: a list the credential cannot see, fields the list lacks, a
 * second site sync on the same Ghost site or list (a copy imported for another site, bound by
 * n8n to the first site's credential).
 */
const methods = new GhostMemberTrigger().webhookMethods.default;
const CLIENT = 'c'.repeat(32);
const LIST = 'a'.repeat(32);
const OTHER_LIST = 'b'.repeat(32);
let sim: CampaignMonitorSimulator;

function context(
	options: { list?: string; ghostUrl?: string; workflowId?: string; mode?: string } = {},
) {
	return hookContext({
		typeVersion: 2,
		activationMode: options.mode ?? 'activate',
		workflow: { id: options.workflowId ?? 'wf1', name: `Site sync ${options.workflowId ?? 'wf1'}` },
		parameters: { list: { __rl: true, mode: 'list', value: options.list ?? LIST } },
		credentials: {
			ghostMembersAdminApi: {
				url: options.ghostUrl ?? GHOST_URL,
				apiKey: ADMIN_KEY,
				acceptVersion: 'v6.0',
				allowHttp: false,
			},
			campaignMonitorApi: { apiKey: 'sim-api-key', baseUrl: sim.url, allowHttp: true },
		},
	}).context;
}

beforeAll(async () => {
	nock.disableNetConnect();
	nock.enableNetConnect('127.0.0.1');
	sim = await startSimulator({ seed: 'empty' });
	sim.account.addClient({ ClientID: CLIENT, Name: 'Publisher' });
	sim.account.addList(CLIENT, { ListID: LIST, Title: 'Site A members' });
	sim.account.addList(CLIENT, { ListID: OTHER_LIST, Title: 'Site B members' });
});
afterAll(async () => {
	nock.enableNetConnect();
	await sim.close();
});
afterEach(() => nock.cleanAll());

describe('Ghost Member Trigger 2: what publishing checks', () => {
	it('a list the Campaign Monitor credential cannot see (a placeholder left in) is refused with the fix named; Ghost is not called', async () => {
		const refused = methods.checkExists.call(context({ list: 'f'.repeat(32) }));
		await expect(refused).rejects.toThrow(
			`Campaign Monitor has no list "${'f'.repeat(32)}" that this Campaign Monitor credential can see`,
		);
		await expect(refused).rejects.toMatchObject({
			description: expect.stringMatching(/Pick the list in the Ghost Member Trigger/),
		});
		await expect(methods.checkExists.call(context({ list: '' }))).rejects.toThrow(
			/^No Campaign Monitor list is chosen\. Pick the list in the Ghost Member Trigger/,
		);
	});

	it('creates the ghost_* fields the list lacks, once', async () => {
		expect(await methods.checkExists.call(context())).toBe(false);
		const fields = () =>
			sim.account
				.snapshot()
				.lists.find((list) => list.ListID === LIST)!
				.customFields.map((field) => (field as { FieldName: string }).FieldName);
		expect(fields().sort()).toEqual(ENSURED_GHOST_FIELDS.map((f) => f.FieldName).sort());
		// Published again (n8n restarted, or an update): nothing more is created.
		expect(await methods.checkExists.call(context())).toBe(false);
		expect(fields()).toHaveLength(ENSURED_GHOST_FIELDS.length);
	});

	it('a second workflow on the same Ghost site, or the same list, is refused naming the one that has it', async () => {
		await methods.checkExists.call(context());
		await expect(
			methods.checkExists.call(context({ workflowId: 'wf2', list: OTHER_LIST })),
		).rejects.toMatchObject({
			message: expect.stringContaining(
				`Another published workflow, "Site sync wf1" (wf1), already syncs the Ghost site ${GHOST_URL}. n8n picks the most recently updated credential`,
			),
			description: expect.stringMatching(/pick this site’s own Ghost credential/),
		});
		await expect(
			methods.checkExists.call(context({ workflowId: 'wf3', ghostUrl: 'https://b.example' })),
		).rejects.toThrow(`already syncs the Campaign Monitor list ${LIST}`);
		// Another site with its own list publishes; the editor's test listening checks nothing.
		expect(
			await methods.checkExists.call(
				context({ workflowId: 'wf4', ghostUrl: 'https://b.example', list: OTHER_LIST }),
			),
		).toBe(false);
		expect(await methods.checkExists.call(context({ workflowId: 'wf5', mode: 'manual' }))).toBe(
			false,
		);
	});

	it('unpublishing frees the site and the list', async () => {
		await methods.checkExists.call(context());
		nock(GHOST_URL).delete(/.*/).reply(204).persist();
		expect(await methods.delete.call(context())).toBe(true);
		expect(await methods.checkExists.call(context({ workflowId: 'wf2', list: OTHER_LIST }))).toBe(
			false,
		);
	});
});
