/** The contract check runs after the main suite, on the exchanges the sandbox recorded. */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test/contract'],
	testMatch: ['**/*.test.ts'],
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.jest.json' }] },
	testTimeout: 120_000,
};
