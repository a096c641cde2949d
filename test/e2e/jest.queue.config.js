/** Queue-mode suite: the real n8n in queue mode (Postgres, Redis, webhook processor, workers). */
const e2e = require('./jest.config');

module.exports = { ...e2e, testMatch: ['**/*.queue.test.ts'], testTimeout: 900_000 };
