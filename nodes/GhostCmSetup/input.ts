import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { listIdOf } from '../helpers/campaignMonitorList';
import { optionalGhostFieldsOf } from '../helpers/ghostFieldOptions';
import { BUNDLED_OPTIONAL_GHOST_FIELDS } from '../domain/sync/ghostFields';
import { listMembershipOf } from '../domain/sync/listRule';
import type { SiteConfig } from '../domain/workflows/siteConfig';
import type { CredentialRef } from '../domain/workflows/types';
import { CM_CREDENTIAL } from '../transport/campaignMonitor';
import { GHOST_CREDENTIAL } from '../transport/ghost';
import { N8N_API_CREDENTIAL } from '../transport/n8nApi';

export interface SetupInput {
	operation: 'preview' | 'setUp';
	/** The site's workflows as the node's parameters describe them (error workflow set later). */
	config: SiteConfig;
	/** The Site Name as typed ('' when the Ghost site's title is to be used). */
	siteName: string;
	updateEdited: boolean;
	probeDelivery: boolean;
}

/** The credential the publisher picked on this node for a type (its id and name). */
function picked(this: IExecuteFunctions, type: string, what: string): CredentialRef {
	const ref = this.getNode().credentials?.[type];
	if (!ref?.id)
		throw new NodeOperationError(this.getNode(), `Pick the ${what} credential on this node`);
	return { id: ref.id, name: ref.name };
}

/** The node's parameters and the credentials picked on it, read once. */
export function readSetupInput(this: IExecuteFunctions): SetupInput {
	const options = this.getNodeParameter('options', 0, {}) as IDataObject;
	const chosen =
		options.optionalGhostFields === undefined
			? BUNDLED_OPTIONAL_GHOST_FIELDS.map((field) => field.FieldName)
			: optionalGhostFieldsOf(options);
	const siteName = String(this.getNodeParameter('siteName', 0, '')).trim();
	return {
		operation: this.getNodeParameter('operation', 0) === 'setUp' ? 'setUp' : 'preview',
		config: {
			ghost: picked.call(this, GHOST_CREDENTIAL, 'Ghost Members Admin API'),
			campaignMonitor: picked.call(this, CM_CREDENTIAL, 'Campaign Monitor API'),
			n8nApi: picked.call(this, N8N_API_CREDENTIAL, 'Ghost → Campaign Monitor Setup API'),
			listId: listIdOf.call(this, 0),
			siteName,
			onMemberDeleted:
				this.getNodeParameter('onMemberDeleted', 0) === 'delete' ? 'delete' : 'unsubscribe',
			listMembership: listMembershipOf(options.listMembership),
			optionalFields: chosen,
			errorWorkflowId: '',
		},
		siteName,
		updateEdited: options.updateEdited === true,
		probeDelivery: options.probeDelivery !== false,
	};
}
