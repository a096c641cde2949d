import { FakeGhost, makeMembers } from '../ghost-fake/server';
import { runWorkflow, type WorkflowJson } from '../helpers/workflowRunner';

const ADMIN_KEY = `6489f4f1c2f0a10001a0b0c1:${'0123456789abcdef'.repeat(4)}`;
const NODE = 'Ghost Members';
let ghost: FakeGhost;

function membersWorkflow(parameters: Record<string, unknown>): WorkflowJson {
	return {
		nodes: [
			{
				id: 'ab000000-0000-4000-8000-000000000001',
				name: NODE,
				type: 'n8n-nodes-ghost-campaign-monitor.ghostMembers',
				typeVersion: 1,
				position: [0, 0],
				parameters: parameters as never,
				credentials: { ghostMembersAdminApi: { id: 'g', name: 'Ghost' } },
			},
		],
		connections: {},
	};
}
const run = (parameters: Record<string, unknown>, allowHttp = true) =>
	runWorkflow(membersWorkflow(parameters), {
		ghostMembersAdminApi: { url: ghost.url, apiKey: ADMIN_KEY, allowHttp, acceptVersion: 'v6.0' },
	});

beforeEach(async () => {
	const members = makeMembers(250);
	members[5].email = "o'neil+news@example.com";
	ghost = await new FakeGhost({ members, adminKey: ADMIN_KEY }).listen();
});
afterEach(async () => ghost.close());

describe('Ghost Members node (fake Ghost Admin API)', () => {
	it('get many with Return All reads every page of 100', async () => {
		const result = await run({ operation: 'getAll', returnAll: true, options: {} });
		expect(result.output(NODE)).toHaveLength(250);
		expect(ghost.requests).toBe(3);
	});

	it('a 502 from a proxy mid-way is retried: every page still arrives', async () => {
		ghost.failNext = [502, 503];
		const result = await run({ operation: 'getAll', returnAll: true, options: {} });
		expect(result.output(NODE)).toHaveLength(250);
		expect(ghost.requests).toBe(5);
	});

	it('a Ghost that keeps failing stops the node with the status, after the retries', async () => {
		ghost.failNext = [502, 502, 502, 502];
		const result = await run({ operation: 'getAll', returnAll: true, options: {} });
		expect(result.error?.message).toContain('failed (502)');
		// n8n's NodeApiError as it is: the HTTP code is kept for the error workflow and the UI.
		expect(result.error?.httpCode).toBe('502');
		expect(ghost.requests).toBe(4);
	}, 20_000);

	it('get many stops at the limit', async () => {
		const result = await run({ operation: 'getAll', returnAll: false, limit: 120, options: {} });
		expect(result.output(NODE)).toHaveLength(120);
		expect(ghost.requests).toBe(2);
	});

	it('get by email escapes quotes and keeps +, and says found: false when there is none', async () => {
		const found = await run({ operation: 'getByEmail', email: "o'neil+news@example.com" });
		expect(found.output(NODE)[0]).toMatchObject({ email: "o'neil+news@example.com", found: true });
		const missing = await run({ operation: 'getByEmail', email: 'nobody@example.com' });
		expect(missing.output(NODE)).toEqual([{ email: 'nobody@example.com', found: false }]);
	});

	it('update newsletters unsubscribes a member from all newsletters', async () => {
		const id = ghost.members[1].id;
		const result = await run({
			operation: 'updateNewsletters',
			memberId: id,
			subscription: 'unsubscribeAll',
		});
		expect(result.output(NODE)[0]).toMatchObject({ id, subscribed: false, newsletters: [] });
	});

	it('refuses an http site unless the credential allows it, before any request', async () => {
		const result = await run({ operation: 'getAll', returnAll: true, options: {} }, false);
		expect(result.error?.message).toMatch(/uses http/);
		expect(ghost.requests).toBe(0);
	});

	describe('Apply Campaign Monitor State after n8n’s Retry', () => {
		beforeEach(() =>
			ghost.setMember({
				...ghost.members[0],
				subscribed: true,
				newsletters: [{ id: 'n1', name: 'Weekly', status: 'active' }],
			}),
		);
		const unsubscribed = (readInExecution: string) => ({
			operation: 'applyCampaignMonitorState',
			email: ghost.members[0].email,
			cmEvent: 'Deactivate',
			cmState: 'Unsubscribed',
			cmOptions: { readInExecution },
		});

		it('applies a state read in this execution', async () => {
			const result = await run(unsubscribed('test-execution'));
			expect(result.output(NODE)[0]).toMatchObject({ outcome: 'written' });
			expect(ghost.members[0].newsletters).toEqual([]);
		});

		it('applies nothing from a read made in an earlier execution (a Retry resumes with it), and says to replay', async () => {
			const before = JSON.stringify(ghost.members[0]);
			const result = await run(unsubscribed('the-failed-execution'));
			expect(result.error?.message).toBe(
				'Campaign Monitor’s answer is from an earlier execution: not applied to Ghost',
			);
			expect(result.error?.description).toMatch(/replay workflow/);
			expect(JSON.stringify(ghost.members[0])).toBe(before);
		});
	});
});
