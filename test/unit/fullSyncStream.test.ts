import fc from 'fast-check';

import type { CmRecord } from '../../nodes/domain/sync/fullSyncPlan';
import { ghostRecord } from '../../nodes/domain/sync/fullSyncPlan';
import { planFullSync } from '../helpers/wholePlan';
import { BUNDLED_OPTIONAL_GHOST_FIELDS } from '../../nodes/domain/sync/ghostFields';
import { referencePlan } from '../helpers/referencePlan';

/**
 * The streaming planner (flat memory: a digest of Campaign Monitor's side, Ghost streamed through
 * it) makes the same plan as the in-memory one did, on generated lists with adds, updates,
 * unsubscribes, opt-outs kept, orphans and renames (an email changed in Ghost but not in CM).
 */

const states = ['Active', 'Unsubscribed', 'Bounced', 'Deleted', 'Unconfirmed'];
const optional = BUNDLED_OPTIONAL_GHOST_FIELDS.map((f) => f.FieldName);

const member = fc.record({
	n: fc.nat(60),
	name: fc.constantFrom('Ada', 'Ben', '', 'Cleo Ü'),
	status: fc.constantFrom('free', 'paid', 'comped'),
	subscribed: fc.boolean(),
	labels: fc.subarray(['VIP', 'Press', 'Newsletter']),
	paid: fc.boolean(),
});

/** What Campaign Monitor holds for an address: as Ghost would write it, or drifted from it. */
const cmSide = fc.record({
	state: fc.constantFrom(...states),
	drift: fc.constantFrom('none', 'name', 'status', 'labels', 'lifecycle', 'noGhostStatus'),
	renamed: fc.boolean(),
});

describe('full sync: the streaming plan is the in-memory plan', () => {
	it('on generated lists (adds, updates, unsubscribes, skips, orphans, renames)', () => {
		fc.assert(
			fc.property(
				fc.uniqueArray(member, { selector: (m) => m.n, maxLength: 60 }),
				fc.array(fc.tuple(fc.nat(60), cmSide), { maxLength: 60 }),
				fc.boolean(),
				fc.boolean(),
				(members, cmEntries, unsubscribeOrphans, campaignMonitorToGhost) => {
					const ghost = members.map((m) =>
						ghostRecord(
							{
								id: m.n.toString(16).padStart(24, '0'),
								email: `m${m.n}@example.com`,
								name: m.name,
								status: m.status,
								subscribed: m.subscribed,
								created_at: '2026-01-01T00:00:00.000Z',
								updated_at: '2026-02-01T00:00:00.000Z',
								labels: m.labels.map((name) => ({ name })),
								subscriptions: m.paid
									? [
											{
												status: 'active',
												current_period_end: '2027-01-01T00:00:00.000Z',
												start_date: '2026-01-01T00:00:00.000Z',
												plan: { interval: 'year' },
											},
										]
									: [],
							},
							'newsletterSubscribers',
							optional,
						),
					);
					const byN = new Map(ghost.map((g, i) => [members[i].n, g]));
					const cm = new Map<string, CmRecord>();
					for (const [n, side] of cmEntries) {
						const g = byN.get(n);
						const fields: Record<string, string> = g
							? Object.fromEntries(g.subscriber.CustomFields.map((f) => [f.Key, f.Value]))
							: { ghost_status: 'free' };
						if (side.drift === 'status') fields.ghost_status = 'paid-before';
						if (side.drift === 'labels') fields.ghost_labels = 'Old label';
						if (side.drift === 'lifecycle') fields.ghost_period_end = '2025-01-01';
						if (side.drift === 'noGhostStatus') delete fields.ghost_status;
						// A rename: Campaign Monitor still has the old address.
						const email = side.renamed || !g ? `old${n}@Example.com` : g.email;
						cm.set(email.toLowerCase(), {
							email,
							state: side.state,
							name: side.drift === 'name' ? 'Someone Else' : (g?.subscriber.Name ?? 'X'),
							fields,
						});
					}
					const options = { unsubscribeOrphans, campaignMonitorToGhost };
					const streamed = planFullSync(ghost, cm, options);
					const reference = referencePlan(ghost, cm, options);
					const emails = (plan: typeof streamed) => ({
						add: plan.add.map((g) => g.email),
						update: plan.update.map((g) => g.email),
						unsubscribe: plan.unsubscribe,
						skip: plan.skip,
						orphans: plan.orphans,
						unsubscribeInGhost: plan.unsubscribeInGhost.map((g) => g.email),
						unchanged: plan.unchanged,
					});
					expect(emails(streamed)).toEqual(emails(reference));
				},
			),
			{ numRuns: 300 },
		);
	});
});
