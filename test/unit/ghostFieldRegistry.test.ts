/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- unit test: reads the bundled workflow and the README; never shipped */
/**
 * The `ghost_*` registry is the one place a field is declared. Everything that can derive from it
 * does (mapping, comparison, Ensure, node options); the places that cannot (the bundled site sync's
 * mapper, the README's table) are checked here, so a field added to the registry alone fails.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { optionalGhostFieldsOption } from '../../nodes/helpers/ghostFieldOptions';
import { description as ensureDescription } from '../../nodes/CampaignMonitor/resources/customField/ensure';
import { ghostRecord, type CmRecord } from '../../nodes/domain/sync/fullSyncPlan';
import { planFullSync } from '../helpers/wholePlan';
import {
	BUNDLED_OPTIONAL_GHOST_FIELDS,
	CLEARABLE_GHOST_FIELDS,
	COMPARED_GHOST_FIELDS,
	DEFAULT_GHOST_FIELDS,
	ENSURED_GHOST_FIELDS,
	GHOST_FIELDS,
	OPTIONAL_GHOST_FIELDS,
} from '../../nodes/domain/sync/ghostFields';
import { ghostMemberToSubscriber } from '../../nodes/domain/sync/memberMapping';

const root = join(__dirname, '..', '..');
const names = (fields: ReadonlyArray<{ FieldName: string }>) => fields.map((f) => f.FieldName);

/** A member with every source a field can read. */
const member = {
	id: '6'.repeat(24),
	email: 'ada@example.com',
	name: 'Ada',
	status: 'paid',
	subscribed: true,
	created_at: '2026-01-02T03:04:05.000Z',
	updated_at: '2026-11-20T10:00:00.000Z',
	labels: [{ name: 'VIP' }, { name: 'Press' }],
	tiers: [{ name: 'Gold' }],
	newsletters: [{ name: 'Weekly', status: 'active' }],
	// As the Admin API shows it (webhooks leave it out).
	email_suppression: { suppressed: false, info: null },
	email_count: 12,
	email_opened_count: 5,
	email_open_rate: 42,
	last_seen_at: '2026-11-30T10:00:00.000Z',
	// As Ghost's member read has it (its member list leaves it out).
	attribution: {
		referrer_source: 'Twitter',
		referrer_medium: 'social',
		referrer_url: 'https://t.co/x',
		url: 'https://example.com/welcome/',
	},
	subscriptions: [
		{
			id: 'sub_1',
			status: 'trialing',
			cancel_at_period_end: false,
			current_period_end: '2026-12-15T00:00:00.000Z',
			start_date: '2026-12-01T00:00:00.000Z',
			trial_end_at: '2026-12-15T00:00:00.000Z',
			plan: { interval: 'year' },
		},
	],
};
const history = { previousStatus: 'free', statusChangedAt: '2026-11-20T10:00:00.000Z' };

describe('ghost_* field registry', () => {
	test('every field is named once, as a ghost_* Campaign Monitor field of a known type', () => {
		expect(new Set(names(GHOST_FIELDS)).size).toBe(GHOST_FIELDS.length);
		for (const field of GHOST_FIELDS) {
			expect(field.FieldName).toMatch(/^ghost_[a-z_]+$/);
			expect(['Text', 'Number', 'Date']).toContain(field.DataType);
		}
	});

	test('the mapping writes every default field from a full member, and the optional ones only when chosen', () => {
		expect(ghostMemberToSubscriber(member, history).CustomFields.map((f) => f.Key)).toEqual(
			names(DEFAULT_GHOST_FIELDS),
		);
		const all = ghostMemberToSubscriber(member, {
			...history,
			optionalFields: names(OPTIONAL_GHOST_FIELDS),
		});
		expect(all.CustomFields.map((f) => f.Key)).toEqual(names(GHOST_FIELDS));
		expect(Object.fromEntries(all.CustomFields.map((f) => [f.Key, f.Value]))).toMatchObject({
			ghost_tiers: 'Gold',
			ghost_newsletters: 'Weekly',
			ghost_subscription_status: 'trialing',
			ghost_trial_end: '2026-12-15',
			ghost_open_rate: '42',
			ghost_emails_received: '12',
			ghost_emails_opened: '5',
			ghost_last_seen: '2026-11-30',
			ghost_signup_source: 'Twitter',
			ghost_signup_medium: 'social',
			ghost_signup_page: '/welcome/',
		});
	});

	test.each(GHOST_FIELDS.map((f) => [f.FieldName, f.compared] as const))(
		'the full sync updates a subscriber whose %s differs: %s',
		(key, compared) => {
			const ghost = ghostRecord(member, 'newsletterSubscribers', names(OPTIONAL_GHOST_FIELDS));
			const fields = Object.fromEntries(ghost.subscriber.CustomFields.map((f) => [f.Key, f.Value]));
			const cm: CmRecord = {
				email: member.email,
				state: 'Active',
				name: member.name,
				fields: { ...fields, [key]: 'something else' },
			};
			const plan = planFullSync([ghost], new Map([[member.email, cm]]));
			expect(plan.update.length).toBe(compared ? 1 : 0);
		},
	);

	test('the compared keys are the registry’s', () => {
		expect(COMPARED_GHOST_FIELDS).toEqual(names(GHOST_FIELDS.filter((f) => f.compared)));
	});

	test('Ensure creates the default fields and the bundled ones (lifecycle, engagement, signup, tiers) with their types', () => {
		const fields = ensureDescription.find((p) => p.name === 'fields')!.default as {
			field: Array<{ fieldName: string; dataType: string }>;
		};
		expect(fields.field).toEqual(
			ENSURED_GHOST_FIELDS.map((f) => ({ fieldName: f.FieldName, dataType: f.DataType })),
		);
		expect(names(ENSURED_GHOST_FIELDS)).toEqual(
			expect.arrayContaining([
				'ghost_subscription_status',
				'ghost_plan_interval',
				'ghost_cancels_at_period_end',
				'ghost_period_end',
				'ghost_trial_end',
				'ghost_paid_since',
				'ghost_tiers',
				'ghost_open_rate',
				'ghost_last_seen',
				'ghost_signup_source',
			]),
		);
	});

	test('the bundled site sync, catch-up and full sync choose the lifecycle, engagement and signup fields and the tiers', () => {
		const chosen = (file: string, type: string) =>
			JSON.parse(readFileSync(join(root, 'workflows', file), 'utf8'))
				.nodes.filter((n: { type: string }) => n.type.endsWith(type))
				.map(
					(n: { parameters: { options: { optionalGhostFields?: string[] } } }) =>
						n.parameters.options.optionalGhostFields,
				);
		for (const [file, type] of [
			['ghost-to-campaign-monitor.json', '.memberStatusDiff'],
			['catch-up.json', '.memberFullSync'],
			['full-sync.json', '.memberFullSync'],
		])
			expect(chosen(file, type)).toEqual([names(BUNDLED_OPTIONAL_GHOST_FIELDS)]);
	});

	test('Optional Ghost Fields offers exactly the non-default fields', () => {
		expect(
			(optionalGhostFieldsOption.options as Array<{ value: string }>).map((o) => o.value),
		).toEqual(names(OPTIONAL_GHOST_FIELDS));
	});

	test('the bundled site sync maps every default field, and nothing the registry does not know', () => {
		const workflow = JSON.parse(
			readFileSync(join(root, 'workflows', 'ghost-to-campaign-monitor.json'), 'utf8'),
		);
		const mapper = workflow.nodes.find(
			(n: { name: string }) => n.name === 'Add or Update Subscriber',
		).parameters.customFields;
		const mapped = [...DEFAULT_GHOST_FIELDS, ...BUNDLED_OPTIONAL_GHOST_FIELDS];
		const expected = Object.fromEntries(
			mapped.map((f) => [f.FieldName, `={{ $json.campaignMonitor.fields.${f.FieldName} }}`]),
		);
		expect(mapper.value).toEqual(expected);
		expect(mapper.schema.map((s: { id: string }) => s.id)).toEqual(names(mapped));
		// Empty values of these clear the field (no labels, no subscription any more).
		const node = workflow.nodes.find(
			(n: { name: string }) => n.name === 'Add or Update Subscriber',
		);
		expect(node.parameters.options.clearWhenEmpty.split(',')).toEqual(
			CLEARABLE_GHOST_FIELDS.filter((key) => names(mapped).includes(key)),
		);
		// An unsubscribe writes the same fields (ghost_email_enabled false), so they never contradict the state.
		const unsubscribe = workflow.nodes.find(
			(n: { name: string }) => n.name === 'Unsubscribe Subscriber',
		).parameters.customFields;
		expect(unsubscribe.value).toEqual(expected);
	});

	test('the README’s field table names every field', () => {
		const readme = readFileSync(join(root, 'README.md'), 'utf8');
		const start = readme.indexOf('## Field mapping');
		const table = readme.slice(start, readme.indexOf('\n## ', start + 1));
		for (const field of GHOST_FIELDS) expect(table).toContain(`\`${field.FieldName}\``);
	});
});
