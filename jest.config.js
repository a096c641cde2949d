/** Unit and integration tests: no large downloads, no real peers (see test/e2e and test/ui for those). */
module.exports = {
	preset: 'ts-jest',
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.ts'],
	testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/e2e/', '<rootDir>/test/ui/'],
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/test/tsconfig.json' }] },
	reporters: ['default', '<rootDir>/test/summary-reporter.js'],
	setupFilesAfterEnv: ['<rootDir>/test/setupCaches.ts'],
};
