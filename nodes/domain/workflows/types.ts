/**
 * The shape of an n8n workflow as the package writes it (a file in workflows/, or a body for n8n's
 * public API). Plain data: no n8n import, so the definitions are testable on their own.
 */

export type JsonValue =
	| string
	| number
	| boolean
	| null
	| JsonValue[]
	| { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

export interface CredentialRef {
	id: string;
	name: string;
}

export interface WorkflowNode {
	id?: string;
	name: string;
	type: string;
	typeVersion: number;
	position: [number, number];
	parameters: JsonObject;
	credentials?: Record<string, CredentialRef>;
	webhookId?: string;
	disabled?: boolean;
	notes?: string;
	onError?: 'continueErrorOutput' | 'continueRegularOutput' | 'stopWorkflow';
	retryOnFail?: boolean;
	maxTries?: number;
	waitBetweenTries?: number;
	alwaysOutputData?: boolean;
}

export interface Connection {
	node: string;
	type: 'main';
	index: number;
}

/** Per source node: per output, the nodes it feeds. */
export type Connections = Record<string, { main: Connection[][] }>;

export interface WorkflowSettings {
	executionOrder: 'v1';
	errorWorkflow?: string;
	saveDataErrorExecution?: 'all' | 'none';
	saveDataSuccessExecution?: 'all' | 'none';
	saveManualExecutions?: boolean;
	saveExecutionProgress?: boolean;
	callerPolicy?: 'workflowsFromSameOwner' | 'any' | 'none' | 'workflowsFromAList';
}

export interface WorkflowDefinition {
	name: string;
	nodes: WorkflowNode[];
	connections: Connections;
	settings: WorkflowSettings;
}
