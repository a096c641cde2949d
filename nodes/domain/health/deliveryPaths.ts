/**
 * The two paths a site's changes travel, and what is wrong with them: Ghost's webhooks to the
 * site sync (one per member event), and Campaign Monitor's list webhook to Campaign Monitor →
 * Ghost. Plain data: the health node looks, decides here, repairs, and says what it did.
 */

export type GhostHookState = 'present' | 'missing' | 'adopted';

export interface GhostPathSeen {
	/** The site sync's name and id. */
	workflow: { id: string; name: string; active: boolean };
	/** Per member event, what Ghost has of the webhook the trigger registered. */
	events: Array<{ event: string; state: GhostHookState }>;
}

export interface CmPathSeen {
	workflow: { id: string; name: string; active: boolean };
	/** The list webhook pointing at this workflow, as Campaign Monitor lists it. */
	webhook: { id: string; status: string } | undefined;
}

export type PathAction = 'none' | 'republishSiteSync' | 'activateCmWebhook' | 'republishCmToGhost';

export interface PathVerdict {
	actions: PathAction[];
	/** One line per repair, in the publisher's words. */
	repairs: string[];
	/** What cannot be repaired from here, and what to do. */
	problems: string[];
}

/** What to repair: a missing Ghost webhook means publishing the site sync again (it registers it). */
export function deliveryPathVerdict(
	ghost: GhostPathSeen | undefined,
	cm: CmPathSeen | undefined,
	site: string,
): PathVerdict {
	const verdict: PathVerdict = { actions: [], repairs: [], problems: [] };
	if (!ghost)
		verdict.problems.push(
			`No published site sync reads the Ghost site ${site}: run the setup node (or publish the site sync).`,
		);
	else if (!ghost.workflow.active)
		verdict.problems.push(
			`The site sync "${ghost.workflow.name}" is not published: publish it (or run the setup node).`,
		);
	else {
		const missing = ghost.events.filter((hook) => hook.state === 'missing').map((h) => h.event);
		if (missing.length) {
			verdict.actions.push('republishSiteSync');
			for (const event of missing)
				verdict.repairs.push(
					`Ghost had no ${event} webhook for this site (deleted in Ghost Admin, or dropped by Ghost): registered it again`,
				);
		}
	}
	if (cm?.workflow.active) {
		if (!cm.webhook) {
			verdict.actions.push('republishCmToGhost');
			verdict.repairs.push('Campaign Monitor had no webhook for this list: registered it again');
		} else if (cm.webhook.status.toLowerCase() !== 'active') {
			verdict.actions.push('activateCmWebhook');
			verdict.repairs.push(
				`Campaign Monitor had deactivated the list's webhook (it does so after days of failed deliveries): activated it again`,
			);
		}
	}
	if (verdict.actions.length === 0) verdict.actions.push('none');
	return verdict;
}
