import adapter from '@sveltejs/adapter-static';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	kit: {
		// SPA: every path falls back to index.html; the relay serves it (server/StaticFiles.ts).
		adapter: adapter({ fallback: 'index.html', strict: false })
	}
};

export default config;
