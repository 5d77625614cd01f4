import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

// Tests run outside SvelteKit's plugin: only $lib needs resolving.
export default defineConfig({
	resolve: {
		alias: { $lib: fileURLToPath(new URL('./src/lib', import.meta.url)) }
	},
	test: {
		include: ['tests/**/*.test.ts'],
		globalSetup: ['tests/globalSetup.ts'],
		environment: 'node',
		testTimeout: 30_000,
		hookTimeout: 60_000,
		pool: 'forks'
	}
});
