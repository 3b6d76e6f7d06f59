export { createTestDatabase, testServerUrl, TEST_DATABASE_ENV, type TestDatabase } from './test-database.js';
