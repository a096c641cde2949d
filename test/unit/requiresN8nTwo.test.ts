/**
 * On n8n 1.x the package stops at publish with the reason, before anything half-works there
 * (its dead letters need n8n 2's Data Tables). n8n 1.123.81 runs n8n-workflow 1.120.31, which
 * does not export DATA_TABLE_NODE_TYPE; its absence is simulated by mocking the module.
 */
import { hookContext } from '../helpers/contexts';

type TriggerModule = typeof import('../../nodes/GhostMemberTrigger/GhostMemberTrigger.node');

function ghostTriggerOn(n8nWorkflowExports: 'n8n 1.x' | 'n8n 2.x'): TriggerModule {
	let loaded: TriggerModule | undefined;
	jest.isolateModules(() => {
		jest.doMock('n8n-workflow', () => {
			const actual = jest.requireActual('n8n-workflow');
			if (n8nWorkflowExports === 'n8n 2.x') return actual;
			const rest = { ...actual };
			delete rest.DATA_TABLE_NODE_TYPE;
			return rest;
		});
		loaded = jest.requireActual<TriggerModule>(
			'../../nodes/GhostMemberTrigger/GhostMemberTrigger.node',
		);
	});
	jest.dontMock('n8n-workflow');
	return loaded as TriggerModule;
}

describe('n8n 2 or later, said plainly', () => {
	it('on n8n 1.x, publishing the Ghost Member Trigger fails with the reason and what to do', async () => {
		const { GhostMemberTrigger } = ghostTriggerOn('n8n 1.x');
		const methods = new GhostMemberTrigger().webhookMethods.default;
		const attempt = methods.checkExists.call(hookContext().context);
		await expect(attempt).rejects.toThrow(
			/needs n8n 2\.0 or later: its dead-letter and replay workflows keep failed syncs in n8n 2’s Data Tables/,
		);
		await expect(attempt).rejects.toMatchObject({
			description: expect.stringMatching(/Update n8n to 2\.x/),
		});
	});

	it('on n8n 2.x the same check passes on to the registration check', async () => {
		const { GhostMemberTrigger } = ghostTriggerOn('n8n 2.x');
		const methods = new GhostMemberTrigger().webhookMethods.default;
		// Nothing registered yet: "not there", not an error.
		await expect(methods.checkExists.call(hookContext().context)).resolves.toBe(false);
	});
});
