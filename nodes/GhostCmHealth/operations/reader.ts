import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { optionalGhostFieldsOf } from '../../helpers/ghostFieldOptions';
import {
	lastSyncRun,
	nodeOfType,
	siteWorkflows,
	type SiteWorkflows,
} from '../../helpers/siteWorkflows';
import { PlanApplier } from '../../helpers/fullSync/applier';
import { cmRecordOf } from '../../helpers/fullSync/readers';
import { ghostSide, readerVerdict, type ReaderVerdict } from '../../domain/health/readerVerdict';
import { keyedEmailRef } from '../../domain/security/redact';
import { deriveWebhookSecret, webhookKeyOf } from '../../domain/security/webhookSecret';
import type { CmRecord } from '../../domain/sync/fullSyncPlan';
import { ghostRecord } from '../../domain/sync/fullSyncPlan';
import { DEAD_LETTER_STATUSES, DEAD_LETTER_TABLE } from '../../domain/sync/deadLetters';
import { SIGNUP_GHOST_FIELDS } from '../../domain/sync/ghostFields';
import { listMembershipOf } from '../../domain/sync/listRule';
import { DEFAULT_CM_LIMITS, getSubscriber } from '../../transport/campaignMonitor';
import {
	findGhostMemberByEmail,
	GHOST_CREDENTIAL,
	withSignupAttribution,
} from '../../transport/ghost';
import {
	findN8nDataTable,
	n8nDataTableRows,
	type N8nWorkflow,
	updateN8nDataTableRows,
} from '../../transport/n8nApi';

/** What the site sync writes: its list rule and optional fields (Member Status Diff's options). */
function siteRules(site: SiteWorkflows) {
	const options = (nodeOfType(site.siteSync, 'memberStatusDiff')?.parameters.options ??
		{}) as IDataObject;
	return {
		membership: listMembershipOf(options.listMembership),
		optionalFields: optionalGhostFieldsOf(options),
	};
}

/** Campaign Monitor's subscriber as the plan compares it, or null when not in the list. */
async function subscriberOf(
	this: IExecuteFunctions,
	listId: string,
	email: string,
	itemIndex: number,
): Promise<CmRecord | null> {
	const found = await getSubscriber.call(this, listId, email, { itemIndex });
	// Every field: the lookup shows the publisher the subscriber as Campaign Monitor has it.
	return found.acceptedCode === undefined ? cmRecordOf(found.body, () => true) : null;
}

/** Dead letters still pending for the address (found by its keyed reference, or the member's id). */
async function pendingDeadLetters(
	this: IExecuteFunctions,
	siteSync: N8nWorkflow | undefined,
	email: string,
	memberId: string,
): Promise<{ tableId: string; rowIds: string[] }> {
	const table = await findN8nDataTable.call(this, DEAD_LETTER_TABLE);
	if (!table || !siteSync) return { tableId: '', rowIds: [] };
	const trigger = nodeOfType(siteSync, 'ghostMemberTrigger');
	const { apiKey } = await this.getCredentials(GHOST_CREDENTIAL);
	const secret = deriveWebhookSecret(
		String(apiKey ?? ''),
		webhookKeyOf(trigger ?? { name: 'Ghost Member Trigger' }, siteSync.id),
	);
	const byRef = await n8nDataTableRows.call(this, table.id, {
		status: 'pending',
		emailRef: keyedEmailRef(email, secret),
	});
	const byId = memberId
		? await n8nDataTableRows.call(this, table.id, { status: 'pending', memberId })
		: [];
	return {
		tableId: table.id,
		rowIds: [...new Set([...byRef, ...byId].map((row) => String(row.id)))],
	};
}

/** What the last run of a catch-up or full sync said about the address, if it named it. */
async function lastVerdict(
	this: IExecuteFunctions,
	workflow: N8nWorkflow | undefined,
	email: string,
): Promise<IDataObject | null> {
	if (!workflow) return null;
	const run = await lastSyncRun.call(this, workflow);
	if (!run) return null;
	const { execution: last, rows } = run;
	const about = rows.find((row) => String(row.email ?? '').toLowerCase() === email.toLowerCase());
	return {
		workflow: workflow.name,
		at: last.startedAt,
		status: last.status,
		said: about ? String(about.action ?? '') : 'nothing about this address',
		...(about?.reason ? { reason: about.reason } : {}),
	};
}

export interface ReaderLookup {
	json: IDataObject;
	verdict: ReaderVerdict;
	/** For a repair. */
	member: Record<string, unknown> | null;
	subscriber: CmRecord | null;
	site: SiteWorkflows;
	/** The reader's pending dead letters: a repair settles them. */
	deadLetters: { tableId: string; rowIds: string[] };
}

/** "Why is this reader (not) in Campaign Monitor?": both sides, the rule, what waits for them. */
export async function lookUpReader(
	this: IExecuteFunctions,
	itemIndex: number,
	email: string,
): Promise<ReaderLookup> {
	if (!email.includes('@'))
		throw new NodeOperationError(this.getNode(), 'Enter the reader’s email address', { itemIndex });
	const site = await siteWorkflows.call(
		this,
		this.getNode().credentials?.[GHOST_CREDENTIAL]?.id ?? '',
	);
	if (!site.siteSync || !site.listId)
		throw new NodeOperationError(
			this.getNode(),
			'No site sync reads this Ghost credential’s site: run the setup node for it first',
			{ itemIndex },
		);
	const rules = siteRules(site);
	const member = await findGhostMemberByEmail.call(this, email);
	// Ghost's member read has no signup: the activity feed has it, as the full sync reads it.
	if (member && rules.optionalFields.some((key) => SIGNUP_GHOST_FIELDS.includes(key)))
		await withSignupAttribution.call(this, [member], () => true);
	const subscriber = await subscriberOf.call(this, site.listId, email, itemIndex);
	const verdict = readerVerdict({ email, member, subscriber, ...rules });
	const memberId = String(member?.id ?? '');
	const deadLetters = await pendingDeadLetters.call(this, site.siteSync, email, memberId);
	const json: IDataObject = {
		email,
		ghost: ghostSide(member),
		campaignMonitor: subscriber
			? { found: true, state: subscriber.state, name: subscriber.name, fields: subscriber.fields }
			: { found: false },
		expected: verdict.expected,
		reason: verdict.reason,
		decision: verdict.decision,
		inStep: verdict.inStep,
		differences: verdict.differences,
		deadLettersPending: deadLetters.rowIds.length,
		lastCatchUp: await lastVerdict.call(this, site.catchUp, email),
		lastFullSync: await lastVerdict.call(this, site.fullSync, email),
	};
	return { json, verdict, member, subscriber, site, deadLetters };
}

/**
 * Repair now: the reader written as Ghost has them now, by the same plan as the full sync (an
 * opt-out kept in Campaign Monitor stays kept; only an address Ghost lacks is unsubscribed).
 */
export async function repairReader(this: IExecuteFunctions, lookup: ReaderLookup): Promise<string> {
	const { verdict, member, site } = lookup;
	const counters = { ghostRequests: 0, campaignMonitorRequests: 0 };
	const applier = new PlanApplier(this, site.listId, DEFAULT_CM_LIMITS, counters);
	const rules = siteRules(site);
	if (verdict.decision === 'unsubscribe (not in Ghost)')
		await applier.apply({ kind: 'unsubscribe', email: String(lookup.json.email) });
	else if (member && ['add', 'update', 'unsubscribe'].includes(verdict.decision)) {
		const ghost = ghostRecord(member, rules.membership, rules.optionalFields);
		if (verdict.decision === 'unsubscribe') {
			await applier.apply({ kind: 'update', ghost, lifecycleOnly: false });
			await applier.flush();
			await applier.apply({ kind: 'unsubscribe', email: ghost.email });
		} else
			await applier.apply({
				kind: verdict.decision as 'add' | 'update',
				ghost,
				lifecycleOnly: false,
			} as Parameters<PlanApplier['apply']>[0]);
	} else
		return `nothing to repair: Campaign Monitor already agrees with the rule${await settleDeadLetters.call(this, lookup)}`;
	await applier.flush();
	const failures = applier.result.failures;
	if (failures.length)
		throw new NodeOperationError(
			this.getNode(),
			`Campaign Monitor refused the repair: ${String(failures[0].message)} (code ${String(failures[0].code)})`,
		);
	return `repaired: ${verdict.decision}${await settleDeadLetters.call(this, lookup)}`;
}

/**
 * Campaign Monitor now has the reader as Ghost has them: their pending dead letters are marked
 * superseded (Ghost's current member written), as a replay marks them, so none replays later.
 */
async function settleDeadLetters(this: IExecuteFunctions, lookup: ReaderLookup): Promise<string> {
	const { tableId, rowIds } = lookup.deadLetters;
	for (const id of rowIds)
		await updateN8nDataTableRows.call(
			this,
			tableId,
			{ id, status: DEAD_LETTER_STATUSES.pending },
			{
				status: DEAD_LETTER_STATUSES.superseded,
				replayedAt: new Date().toISOString(),
				replayExecutionId: this.getExecutionId(),
			},
		);
	return rowIds.length ? `; ${rowIds.length} dead letter(s) for them settled (superseded)` : '';
}
