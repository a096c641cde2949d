import type { IDataObject } from 'n8n-workflow';

import type { WorkflowJson } from './workflowRunner';

/**
 * The write path of the bundled site sync with only this package's nodes: Member Status Diff reads
 * the member from Ghost, Add or Update writes it, Member Sync Check reads it again and loops the
 * item back when Ghost changed it meanwhile; a failed write goes back to Status Diff. Used by the tests and by bench:cm.
 */

export const DIFF = 'Member Status Diff';
export const WRITE = 'Add or Update Subscriber';
export const CHECK = 'Member Sync Check';

const ghostCredential = { ghostMembersAdminApi: { id: 'g', name: 'Ghost' } };
const cmCredential = { campaignMonitorApi: { id: 'c', name: 'CM' } };
const main = (node: string) => ({ node, type: 'main' as never, index: 0 });

export function writePath(
	input: IDataObject[],
	listId: string,
	requestOptions: IDataObject = { requestsPerSecond: 1000, burst: 1000 },
): WorkflowJson {
	return {
		nodes: [
			{
				id: 'a0000000-0000-4000-8000-000000000001',
				name: DIFF,
				type: 'n8n-nodes-ghost-campaign-monitor.memberStatusDiff',
				typeVersion: 1,
				position: [0, 0],
				parameters: { routing: 'single', readFromGhost: true, options: {} } as never,
				credentials: ghostCredential,
			},
			{
				id: 'a0000000-0000-4000-8000-000000000002',
				name: WRITE,
				type: 'n8n-nodes-ghost-campaign-monitor.campaignMonitor',
				typeVersion: 1,
				position: [200, 0],
				parameters: {
					resource: 'subscriber',
					operation: 'add',
					list: { __rl: true, mode: 'id', value: listId },
					email: '={{ $json.campaignMonitor.EmailAddress }}',
					previousEmail: "={{ $json.previous.email || '' }}",
					name: '={{ $json.campaignMonitor.Name }}',
					customFields: {
						mappingMode: 'defineBelow',
						value: {
							ghost_status: '={{ $json.campaignMonitor.fields.ghost_status }}',
							ghost_labels: '={{ $json.campaignMonitor.fields.ghost_labels }}',
						},
						matchingColumns: [],
						schema: [],
					},
					options: {
						resubscribe: '={{ $json.campaignMonitor.resubscribe === true }}',
						clearWhenEmpty: 'ghost_labels',
					},
					requestOptions,
				} as never,
				credentials: cmCredential,
				// As in the bundled site sync: a failed write goes back to Status Diff, which reads Ghost again.
				onError: 'continueErrorOutput',
			},
			{
				id: 'a0000000-0000-4000-8000-000000000003',
				name: CHECK,
				type: 'n8n-nodes-ghost-campaign-monitor.memberSyncCheck',
				typeVersion: 1,
				position: [400, 0],
				parameters: {
					syncedItem: "={{ $('Member Status Diff').item.json }}",
					maxPasses: 3,
				} as never,
				credentials: ghostCredential,
			},
		],
		connections: {
			[DIFF]: { main: [[main(WRITE)]] },
			[WRITE]: { main: [[main(CHECK)], [main(DIFF)]] },
			[CHECK]: { main: [[], [main(DIFF)]] },
		},
		input: input as never,
	};
}
