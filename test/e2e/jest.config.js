/** End-to-end suites: the real n8n and the real Ghost (installed by test/harness/peers/install.sh). */
module.exports = {
	preset: 'ts-jest',
	testEnvironment: 'node',
	rootDir: '../..',
	roots: ['<rootDir>/test/e2e'],
	testMatch: ['**/*.e2e.test.ts'],
	testTimeout: 300_000,
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/test/tsconfig.json' }] },
	reporters: ['default', '<rootDir>/test/summary-reporter.js'],
};
