import js from '@eslint/js';
import ts from 'typescript-eslint';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import svelteConfig from './svelte.config.js';

export default ts.config(
	{ ignores: ['build/', '.svelte-kit/', 'node_modules/', 'data/', 'docs/', 'static/', '.tmp/'] },
	js.configs.recommended,
	...ts.configs.recommended,
	...svelte.configs.recommended,
	{
		languageOptions: { globals: { ...globals.browser, ...globals.node } }
	},
	{
		files: ['**/*.svelte', '**/*.svelte.ts', '**/*.svelte.js'],
		languageOptions: {
			parserOptions: { projectService: true, extraFileExtensions: ['.svelte'], parser: ts.parser, svelteConfig }
		}
	},
	{
		rules: {
			'@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }]
		}
	},
	{
		// The domain is the one source of the rules, imported by the browser and the relay:
		// it must stay pure — no DOM, no storage, no Node, no network.
		files: ['src/lib/domain/**/*.ts'],
		languageOptions: { globals: {} },
		rules: {
			'no-restricted-imports': [
				'error',
				{
					patterns: [
						{ group: ['node:*'], message: 'src/lib/domain is pure: no Node built-ins.' },
						{ group: ['dexie', 'dexie/*', 'y-dexie', 'fake-indexeddb', 'fake-indexeddb/*'], message: 'src/lib/domain is pure: no storage.' },
						{ group: ['ws', 'y-websocket', 'better-sqlite3', 'svelte', 'svelte/*', '$app/*'], message: 'src/lib/domain is pure: no I/O, no UI.' },
						{ group: ['$lib/db', '$lib/db/*', '$lib/sync', '$lib/sync/*', '$lib/ui', '$lib/ui/*', '../db/*', '../sync/*', '../ui/*'], message: 'src/lib/domain must not depend on the layers above it.' }
					]
				}
			],
			'no-restricted-globals': ['error', 'window', 'document', 'indexedDB', 'localStorage', 'fetch', 'WebSocket', 'process', 'Buffer']
		}
	}
);
