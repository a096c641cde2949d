import { deliveryVerdict } from '../../nodes/domain/setup/delivery';
import { differences, fingerprintOf, markerOf, withMarker } from '../../nodes/domain/setup/marker';
import type { ExistingWorkflow } from '../../nodes/domain/setup/plan';
import { clashes, findMade, markerFor, planStep } from '../../nodes/domain/setup/plan';
import { reportsOnly } from '../../nodes/domain/sync/fullSyncPlan';
import { BUNDLED_WORKFLOWS } from '../../nodes/domain/workflows/catalogue';
import type { SiteConfig } from '../../nodes/domain/workflows/siteConfig';
import { FILE_CONFIG } from '../../nodes/domain/workflows/siteConfig';
import { resetProcessState } from '../../nodes/helpers/processState';
import { claim, release, siteSyncKeys } from '../../nodes/helpers/siteClaims';

const LIST = 'a'.repeat(32);
const config: SiteConfig = {
	...FILE_CONFIG,
	ghost: { id: 'ghostA', name: 'Ghost A' },
	campaignMonitor: { id: 'cm1', name: 'Campaign Monitor' },
	n8nApi: { id: 'api1', name: 'Setup API' },
	listId: LIST,
	siteName: 'Site A',
	errorWorkflowId: 'dl1',
};
const workflow = (kind: string) => BUNDLED_WORKFLOWS.find((w) => w.kind === kind)!;

/** A workflow as n8n holds it after the setup made it (n8n adds webhook ids). */
function made(kind: string, id: string, edit?: (w: ExistingWorkflow) => void): ExistingWorkflow {
	const bundled = workflow(kind);
	const wanted = bundled.build(config);
	const existing: ExistingWorkflow = {
		...JSON.parse(JSON.stringify(wanted)),
		id,
		active: true,
		staticData: withMarker(
			{ 'node:Ghost Member Trigger': { webhookUrl: 'u' } },
			markerFor(bundled, LIST, wanted),
		),
	};
	for (const node of existing.nodes)
		if (node.type.endsWith('Trigger')) node.webhookId = `hook-${id}`;
	edit?.(existing);
	return existing;
}

describe('the setup’s plan for each workflow', () => {
	it('creates what is not there, leaves what is as defined, and finds its own by marker and list', () => {
		expect(planStep(workflow('siteSync'), config, undefined, false)).toMatchObject({
			action: 'create',
			publish: true,
		});
		expect(planStep(workflow('replay'), config, undefined, false).publish).toBe(false);
		const siteSync = made('siteSync', 'w1');
		expect(planStep(workflow('siteSync'), config, siteSync, false)).toMatchObject({
			action: 'upToDate',
			publish: false,
		});
		// Another list's site sync, and a workflow without the marker, are not this site's.
		const other = made('siteSync', 'w2');
		other.staticData = withMarker(
			{},
			{ kind: 'siteSync', listId: 'b'.repeat(32), fingerprint: 'x' },
		);
		const unmarked = { ...made('siteSync', 'w3'), staticData: {} };
		expect(findMade([other, unmarked, siteSync], workflow('siteSync'), LIST)?.id).toBe('w1');
		expect(findMade([other, unmarked], workflow('siteSync'), LIST)).toBeUndefined();
		expect(
			findMade([made('deadLetters', 'dl1')], workflow('deadLetters'), 'b'.repeat(32))?.id,
		).toBe('dl1');
	});

	it('updates a workflow nobody edited when the package defines it otherwise', () => {
		const older = made('fullSync', 'w4', (w) => {
			w.nodes.find((n) => n.name === 'Member Full Sync')!.parameters.options = { detailLimit: 500 };
			// As the older release wrote it: its fingerprint is of this content.
			w.staticData = withMarker(
				{},
				{ kind: 'fullSync', listId: LIST, fingerprint: fingerprintOf(w) },
			);
		});
		expect(planStep(workflow('fullSync'), config, older, false)).toMatchObject({
			action: 'update',
			publish: true,
		});
	});

	it('keeps a workflow the publisher edited, says what differs, and replaces it only when told', () => {
		const edited = made('catchUp', 'w5', (w) => {
			const check = w.nodes.find((n) => n.name === 'Check Delivery Paths')!;
			check.parameters.missedThreshold = 20;
			w.nodes.push({
				name: 'Slack',
				type: 'n8n-nodes-base.slack',
				typeVersion: 2,
				position: [0, 0],
				parameters: {},
			});
		});
		expect(planStep(workflow('catchUp'), config, edited, false)).toMatchObject({
			action: 'keepEdited',
			publish: false,
			differences: [
				'node "Check Delivery Paths": parameters differ',
				'node "Slack" is not in the package\'s definition (yours)',
			],
		});
		expect(planStep(workflow('catchUp'), config, edited, true).action).toBe('updateEdited');
	});

	it('a moved node or a new webhook id is not an edit', () => {
		const moved = made('siteSync', 'w6', (w) => {
			w.nodes[1].position = [999, 999];
			w.nodes[1].id = 'another-id';
		});
		expect(planStep(workflow('siteSync'), config, moved, false).action).toBe('upToDate');
		expect(differences(moved, workflow('siteSync').build(config))).toEqual([]);
	});

	it('the marker keeps the rest of the static data (the trigger’s webhook registration)', () => {
		const data = withMarker(
			{ 'node:Ghost Member Trigger': { webhookIds: { a: '1' } }, global: { x: 1 } },
			{
				kind: 'siteSync',
				listId: LIST,
				fingerprint: 'f',
			},
		);
		expect(data['node:Ghost Member Trigger']).toEqual({ webhookIds: { a: '1' } });
		expect(markerOf(data)).toEqual({ kind: 'siteSync', listId: LIST, fingerprint: 'f' });
		expect((data.global as Record<string, unknown>).x).toBe(1);
		expect(markerOf({})).toBeUndefined();
	});

	it('names published workflows made by hand that read the same Ghost site or write the same list', () => {
		const byHand = { ...made('siteSync', 'h1'), name: 'Imported by hand', staticData: {} };
		const otherSite = { ...made('siteSync', 'h2'), staticData: {} };
		for (const node of otherSite.nodes) {
			if (node.credentials?.ghostMembersAdminApi)
				node.credentials.ghostMembersAdminApi.id = 'ghostB';
			if (node.name === 'Ghost Member Trigger')
				node.parameters.list = { __rl: true, mode: 'id', value: 'c'.repeat(32) };
		}
		const unpublished = { ...byHand, id: 'h3', active: false };
		expect(
			clashes([byHand, otherSite, unpublished, made('siteSync', 'ours')], 'ghostA', LIST),
		).toEqual([{ id: 'h1', name: 'Imported by hand', why: 'reads the same Ghost site' }]);
		expect(clashes([otherSite], 'ghostC', 'c'.repeat(32))).toEqual([
			{ id: 'h2', name: otherSite.name, why: 'works on the same list' },
		]);
	});
});

describe('the Ghost delivery check’s verdict', () => {
	const url = 'https://n8n.example.com/webhook/abc/webhook';
	it('any answer from n8n but 404 means Ghost reached it', () => {
		expect(
			deliveryVerdict(
				{ lastTriggeredAt: 'now', lastTriggeredStatus: 401, lastTriggeredError: null },
				url,
			),
		).toMatchObject({ ok: true });
	});
	it('404: n8n has no published webhook there', () => {
		expect(
			deliveryVerdict(
				{ lastTriggeredAt: 'now', lastTriggeredStatus: 404, lastTriggeredError: null },
				url,
			).message,
		).toMatch(/no published webhook/);
	});
	it('no answer: Ghost’s own error and the fix', () => {
		const verdict = deliveryVerdict(
			{
				lastTriggeredAt: 'now',
				lastTriggeredStatus: null,
				lastTriggeredError: 'Request failed: ECONNREFUSED',
			},
			url,
		);
		expect(verdict).toMatchObject({ ok: false, ghostError: 'Request failed: ECONNREFUSED' });
		expect(verdict.message).toMatch(/WEBHOOK_URL.*allowWebhookInternalIPs/);
	});
	it('no try at all: the plan limit, said plainly', () => {
		expect(deliveryVerdict(undefined, url).message).toMatch(/custom-integrations limit/);
	});
});

describe('when the full sync (version 2) only reports', () => {
	it.each([
		['whenRunByHand', 'manual', true],
		['whenRunByHand', 'trigger', false],
		['whenRunByHand', 'retry', false],
		['always', 'trigger', true],
		['never', 'manual', false],
	])('%s, run in %s mode: reports only = %s', (mode, execution, expected) => {
		expect(reportsOnly(mode, execution)).toBe(expected);
	});
});

describe('one published site sync per Ghost site and per list', () => {
	afterEach(resetProcessState);
	const A = { workflowId: '1', workflowName: 'Site A' };
	const B = { workflowId: '2', workflowName: 'Site B' };
	it('refuses a second workflow on the same site or list, names the holder, frees them when unpublished', () => {
		expect(claim(siteSyncKeys('https://a.example/', 'l1'), A)).toEqual({ ok: true });
		// Publishing again (an update) is the same holder.
		expect(claim(siteSyncKeys('https://a.example', 'l1'), A)).toEqual({ ok: true });
		expect(claim(siteSyncKeys('https://A.example', 'l2'), B)).toEqual({
			ok: false,
			key: 'ghost:https://a.example',
			holder: A,
		});
		expect(claim(siteSyncKeys('https://b.example', 'L1'), B)).toMatchObject({
			ok: false,
			key: 'list:l1',
		});
		release('1');
		expect(claim(siteSyncKeys('https://a.example', 'l1'), B)).toEqual({ ok: true });
	});
});
