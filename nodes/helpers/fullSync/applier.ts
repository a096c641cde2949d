import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { CM_IMPORT_LIMIT } from '../../domain/campaignMonitor/cmIds';
import type { CmLimits } from '../../transport/campaignMonitor';
import { importSubscribers, removeFromList } from '../../transport/campaignMonitor';
import { updateGhostMember } from '../../transport/ghost';
import type { Counters } from './readers';
import type { Decision } from './report';

/** Applies decisions as they come: imports sent as a batch of 1000 fills, one call per unsubscribe. */
export class PlanApplier {
	private batch: IDataObject[] = [];
	readonly result = {
		imported: 0,
		unsubscribed: 0,
		ghostUnsubscribed: 0,
		failures: [] as IDataObject[],
	};

	constructor(
		private readonly ctx: IExecuteFunctions,
		private readonly listId: string,
		private readonly limits: CmLimits,
		private readonly counters: Counters,
	) {}

	async apply(d: Decision) {
		if (d.kind === 'add' || d.kind === 'update') {
			const { subscriber } = d.ghost;
			this.batch.push({
				EmailAddress: subscriber.EmailAddress,
				...(subscriber.Name ? { Name: subscriber.Name } : {}),
				CustomFields: subscriber.CustomFields,
				ConsentToTrack: d.kind === 'add' ? 'Yes' : 'Unchanged',
			});
			if (this.batch.length >= CM_IMPORT_LIMIT) await this.flush();
		} else if (d.kind === 'unsubscribe') {
			this.counters.campaignMonitorRequests++;
			await removeFromList.call(this.ctx, this.listId, d.email, 'unsubscribe', {
				limits: this.limits,
			});
			this.result.unsubscribed++;
		} else if (d.kind === 'unsubscribeInGhost') {
			this.counters.ghostRequests++;
			await updateGhostMember.call(this.ctx, d.ghost.id, { newsletters: [] });
			this.result.ghostUnsubscribed++;
		}
	}

	async flush() {
		if (this.batch.length === 0) return;
		const chunk = this.batch;
		this.batch = [];
		this.counters.campaignMonitorRequests++;
		// Resubscribe off: nobody who opted out in Campaign Monitor is brought back.
		const data = await importSubscribers.call(
			this.ctx,
			this.listId,
			chunk,
			{
				resubscribe: false,
				queueSubscriptionBasedAutoresponders: false,
				restartSubscriptionBasedAutoresponders: false,
			},
			{ limits: this.limits },
		);
		const failed = data.FailureDetails ?? [];
		this.result.imported += chunk.length - failed.length;
		for (const failure of failed)
			this.result.failures.push({
				action: 'import',
				email: failure.EmailAddress,
				code: failure.Code,
				message: failure.Message,
			});
	}
}
