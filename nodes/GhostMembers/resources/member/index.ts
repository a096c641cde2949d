import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import * as applyCampaignMonitorState from './applyCampaignMonitorState';
import * as get from './get';
import * as getAll from './getAll';
import * as getByEmail from './getByEmail';
import * as updateNewsletters from './updateNewsletters';

export type MemberOperation = (
	this: IExecuteFunctions,
	itemIndex: number,
) => Promise<IDataObject[]>;

/** Member operations by their `operation` value. */
export const memberOperations: Record<string, MemberOperation> = {
	applyCampaignMonitorState: applyCampaignMonitorState.execute,
	get: get.execute,
	getAll: getAll.execute,
	getByEmail: getByEmail.execute,
	updateNewsletters: updateNewsletters.execute,
};
