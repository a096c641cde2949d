export interface FakeGhostMember {
	id: string;
	email: string;
	name: string;
	status: string;
	subscribed: boolean;
	[key: string]: unknown;
}
export class FakeGhost {
	constructor(options: {
		members?: FakeGhostMember[];
		adminKey: string;
		now?: () => number;
		/** The member's signup event data (referrer_source, attribution_url, …); undefined: none. */
		signup?: (member: FakeGhostMember) => Record<string, unknown> | undefined;
	});
	/** Reads of the activity feed's signup events. */
	signupReads: number;
	url: string;
	members: FakeGhostMember[];
	requests: number;
	rejected: number;
	/** Statuses to answer the next requests with, one each. */
	failNext: number[];
	now: () => number;
	/** Adds or replaces a member, as an edit in Ghost Admin would. */
	setMember(member: FakeGhostMember): void;
	/** Called for each member a read answered (by id or in a page): a test's edit racing a sync. */
	afterMemberRead?: (id: string) => void;
	/** Deletes a member, as Ghost Admin would. */
	deleteMember(id: string): void;
	listen(): Promise<this>;
	close(): Promise<void>;
}
/** Where each member signed up from (every 9th: none recorded). */
export function makeSignup(member: FakeGhostMember): Record<string, unknown> | undefined;
export function makeMembers(
	count: number,
	options?: { unsubscribedEvery?: number },
): FakeGhostMember[];
