export interface FakeGhostMember {
	id: string;
	email: string;
	name: string;
	status: string;
	subscribed: boolean;
	[key: string]: unknown;
}
export class FakeGhost {
	constructor(options: { members?: FakeGhostMember[]; adminKey: string; now?: () => number });
	url: string;
	members: FakeGhostMember[];
	requests: number;
	rejected: number;
	/** Statuses to answer the next requests with, one each. */
	failNext: number[];
	now: () => number;
	listen(): Promise<this>;
	close(): Promise<void>;
}
export function makeMembers(
	count: number,
	options?: { unsubscribedEvery?: number },
): FakeGhostMember[];
