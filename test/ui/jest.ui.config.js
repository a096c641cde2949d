/** Browser suite: Debian's chromium, driven by playwright-core, against the real n8n editor with the package. */
const e2e = require('../e2e/jest.config');

module.exports = {
	...e2e,
	roots: ['<rootDir>/test/ui'],
	testMatch: ['**/*.ui.test.ts'],
	testTimeout: 180_000,
};
