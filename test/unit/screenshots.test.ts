/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- unit test: lists docs/images; never shipped */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

import { fingerprint, recordedFingerprints, SCREENSHOT_SOURCES } from '../helpers/screenshots';

// The pictures in the README and docs show nodes and workflows as they were when taken: each one
// records what it showed, and goes out of date when that changes.
const pictures = readdirSync(join(__dirname, '..', '..', 'docs', 'images')).filter((f) =>
	f.endsWith('.png'),
);

describe('docs/images: every picture shows the package as it is', () => {
	it('knows what each picture shows', () => {
		expect(pictures.filter((picture) => !SCREENSHOT_SOURCES[picture])).toEqual([]);
		expect(Object.keys(SCREENSHOT_SOURCES).filter((p) => !pictures.includes(p))).toEqual([]);
	});

	it('has no picture older than what it shows (UPDATE_SCREENSHOTS=1 npm run test:ui takes them again)', () => {
		const recorded = recordedFingerprints();
		const stale = pictures.filter((picture) => recorded[picture] !== fingerprint(picture));
		expect(stale).toEqual([]);
	});
});
