import { ExecutionLifecycleHooks, WorkflowExecute } from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	ICredentialType,
	IDataObject,
	IHttpRequestOptions,
	INode,
	INodeExecutionData,
	INodeType,
	INodeTypes,
	IRun,
	IRunExecutionData,
	IVersionedNodeType,
	IWorkflowExecuteAdditionalData,
	IConnections,
} from 'n8n-workflow';
import { createRunExecutionData, ICredentialsHelper, Workflow } from 'n8n-workflow';

import { CampaignMonitorApi } from '../../credentials/CampaignMonitorApi.credentials';
import { GhostMembersAdminApi } from '../../credentials/GhostMembersAdminApi.credentials';
import { CampaignMonitor } from '../../nodes/CampaignMonitor/CampaignMonitor.node';
import { GhostMembers } from '../../nodes/GhostMembers/GhostMembers.node';
import { MemberFullSync } from '../../nodes/MemberFullSync/MemberFullSync.node';
import { MemberStatusDiff } from '../../nodes/MemberStatusDiff/MemberStatusDiff.node';
import { MemberSyncCheck } from '../../nodes/MemberSyncCheck/MemberSyncCheck.node';

const PACKAGE = 'n8n-nodes-ghost-campaign-monitor';

const nodeTypesByName: Record<string, INodeType> = {
	[`${PACKAGE}.campaignMonitor`]: new CampaignMonitor(),
	[`${PACKAGE}.memberStatusDiff`]: new MemberStatusDiff(),
	[`${PACKAGE}.memberFullSync`]: new MemberFullSync(),
	[`${PACKAGE}.ghostMembers`]: new GhostMembers(),
	[`${PACKAGE}.memberSyncCheck`]: new MemberSyncCheck(),
};
const credentialTypes: Record<string, ICredentialType> = {
	campaignMonitorApi: new CampaignMonitorApi(),
	ghostMembersAdminApi: new GhostMembersAdminApi(),
};

class PackageNodeTypes implements INodeTypes {
	getByName(name: string): INodeType | IVersionedNodeType {
		return this.getByNameAndVersion(name);
	}
	getByNameAndVersion(name: string): INodeType {
		const type = nodeTypesByName[name];
		if (!type) throw new Error(`Unknown node type ${name}`);
		return type;
	}
	getKnownTypes() {
		return {};
	}
}

/** Resolves `={{$credentials.x}}` the way n8n does for generic credential auth. */
function resolve(value: unknown, credentials: ICredentialDataDecryptedObject): unknown {
	if (typeof value !== 'string' || !value.startsWith('=')) return value;
	return value
		.slice(1)
		.replace(/\{\{\s*\$credentials\??\.(\w+)\s*\}\}/g, (_m, key: string) =>
			String(credentials[key] ?? ''),
		);
}

/** Hands the workflow its credentials and applies our credential types' `authenticate`. */
class TestCredentialsHelper extends ICredentialsHelper {
	constructor(private readonly credentials: Record<string, ICredentialDataDecryptedObject>) {
		super();
	}
	getParentTypes() {
		return [];
	}
	isCredentialUsableByNode() {
		return true;
	}
	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		requestOptions: IHttpRequestOptions,
	) {
		const type = credentialTypes[typeName];
		if (typeof type.authenticate === 'function')
			return await type.authenticate(credentials, requestOptions);
		const properties = (type.authenticate?.properties ?? {}) as IDataObject;
		const options = { ...requestOptions };
		if (properties.auth) {
			const auth = properties.auth as { username: string; password: string };
			options.auth = {
				username: String(resolve(auth.username, credentials)),
				password: String(resolve(auth.password, credentials)),
			};
		}
		return options;
	}
	async preAuthentication() {
		return undefined;
	}
	async runPreAuthentication() {
		return undefined;
	}
	async getCredentials(): Promise<never> {
		throw new Error('not used in tests');
	}
	async getDecrypted(
		_additionalData: IWorkflowExecuteAdditionalData,
		_nodeCredentials: unknown,
		type: string,
	) {
		const data = this.credentials[type];
		if (!data) throw new Error(`No test credentials of type ${type}`);
		return data;
	}
	async updateCredentials() {}
	async updateCredentialsOauthTokenData() {}
	getCredentialsProperties(type: string) {
		return credentialTypes[type].properties;
	}
}

export interface WorkflowJson {
	nodes: INode[];
	connections: IConnections;
	/** Items fed to the first node (our JSON files' own field, not n8n's). */
	input?: IDataObject[];
}

export interface WorkflowRunResult {
	run: IRun;
	/** JSON output of a node's first run (first output unless given). */
	output(nodeName: string, outputIndex?: number): IDataObject[];
	items(nodeName: string, outputIndex?: number): INodeExecutionData[];
	/** JSON output of every run of a node (a loop runs it more than once). */
	runs(nodeName: string, outputIndex?: number): IDataObject[][];
	/** The workflow's static data after the run, as n8n would save it. */
	staticData: IDataObject;
	error?: Error & { description?: string; httpCode?: string };
}

/**
 * Runs workflow JSON through n8n-core's real WorkflowExecute, starting at the first node with
 * `input` as its items. Only the credentials helper is ours; parameters, expressions, paired
 * items, Continue On Fail and HTTP go through n8n's own code.
 */
export async function runWorkflow(
	workflowJson: WorkflowJson,
	credentials: Record<string, ICredentialDataDecryptedObject>,
	options: {
		staticData?: IDataObject;
		mode?: 'manual' | 'trigger';
		/** n8n's Retry runs as a new execution: give it another id. */
		executionId?: string;
	} = {},
): Promise<WorkflowRunResult> {
	const workflow = new Workflow({
		id: 'test',
		nodes: workflowJson.nodes,
		connections: workflowJson.connections,
		nodeTypes: new PackageNodeTypes(),
		active: false,
		settings: { executionOrder: 'v1' },
		// A copy, as n8n loads static data from the database for each execution.
		staticData: JSON.parse(JSON.stringify(options.staticData ?? {})),
	});
	let finished: (run: IRun) => void = () => undefined;
	const done = new Promise<IRun>((resolve) => (finished = resolve));
	const hooks = new ExecutionLifecycleHooks('manual', 'test-execution', {
		id: 'test',
		name: 'test',
		nodes: [],
		connections: {},
		active: false,
		settings: {},
		createdAt: new Date(),
		updatedAt: new Date(),
		isArchived: false,
		activeVersionId: null,
	} as never);
	hooks.addHandler('workflowExecuteAfter', (run) => finished(run));

	const base: Partial<IWorkflowExecuteAdditionalData> = {
		hooks,
		credentialsHelper: new TestCredentialsHelper(credentials),
		executionId: options.executionId ?? 'test-execution',
		restApiUrl: 'http://127.0.0.1/rest',
		instanceBaseUrl: 'http://127.0.0.1/',
		formWaitingBaseUrl: 'http://127.0.0.1/form-waiting',
		webhookBaseUrl: 'http://127.0.0.1/webhook',
		webhookWaitingBaseUrl: 'http://127.0.0.1/webhook-waiting',
		webhookTestBaseUrl: 'http://127.0.0.1/webhook-test',
		currentNodeParameters: undefined,
		variables: {},
		logAiEvent: () => undefined,
		setExecutionStatus: () => undefined,
		sendDataToUI: () => undefined,
	};
	const additionalData = base as IWorkflowExecuteAdditionalData;

	const start = workflowJson.nodes[0];
	const runExecutionData: IRunExecutionData = createRunExecutionData({
		executionData: {
			nodeExecutionStack: [
				{
					node: workflow.getNode(start.name)!,
					data: { main: [(workflowJson.input ?? [{}]).map((json) => ({ json }))] },
					source: null,
				},
			],
		},
	});
	await new WorkflowExecute(
		additionalData,
		options.mode ?? 'manual',
		runExecutionData,
	).processRunExecutionData(workflow);
	const run = await done;
	const items = (nodeName: string, outputIndex = 0): INodeExecutionData[] =>
		run.data.resultData.runData[nodeName]?.[0]?.data?.main?.[outputIndex] ?? [];
	return {
		run,
		items,
		output: (nodeName, outputIndex) => items(nodeName, outputIndex).map((item) => item.json),
		runs: (nodeName, outputIndex = 0) =>
			(run.data.resultData.runData[nodeName] ?? []).map((task) =>
				(task.data?.main?.[outputIndex] ?? []).map((item) => item.json),
			),
		staticData: JSON.parse(JSON.stringify(workflow.staticData)),
		error: run.data.resultData.error as WorkflowRunResult['error'],
	};
}
