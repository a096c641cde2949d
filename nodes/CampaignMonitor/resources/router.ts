import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { routeOperation } from '../../helpers/operations/router';
import type { OperationMap } from '../../helpers/operations/types';
import { cmApiError } from '../../transport/campaignMonitor';
import type { OperationContext } from '../operationContext';
import { createOperationContext } from '../operationContext';
import { customFieldOperations } from './customField';
import { subscriberOperations } from './subscriber';

const operations: OperationMap<OperationContext> = {
	subscriber: subscriberOperations,
	customField: customFieldOperations,
};

/** The Campaign Monitor node's run: the operation by its resource and name (helpers/operations). */
export async function route(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return await routeOperation.call(this, operations, {
		context: (items) => createOperationContext.call(this, items),
		// An address an import refused fails as Campaign Monitor refusing it on its own would.
		refusal: (code, message, itemIndex) =>
			cmApiError.call(this, 400, { Code: code, Message: message }, '', itemIndex),
	});
}
