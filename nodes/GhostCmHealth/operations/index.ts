import type { INodeProperties } from 'n8n-workflow';

import type { OperationMap } from '../../helpers/operations/types';
import { operationFields, operationSelect } from '../../helpers/operations/types';
import * as checkDeliveryPaths from './checkDeliveryPaths';
import * as healthReport from './healthReport';
import * as lookUpReader from './lookUpReader';

/** The Health node's operations (one resource): one file each, one entry here. */
export const healthOperations: OperationMap<void> = {
	site: { checkDeliveryPaths, lookUpReader, healthReport },
};

/** The node's parameters: the Operation select, then each operation's own fields. */
export const healthProperties: INodeProperties[] = [
	operationSelect(healthOperations.site, 'healthReport'),
	...operationFields(healthOperations.site),
];
