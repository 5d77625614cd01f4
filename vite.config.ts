import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vite';

export default defineConfig({
	plugins: [sveltekit()],
	server: {
		host: '127.0.0.1',
		proxy: {
			'/api': 'http://127.0.0.1:8787',
			'/healthz': 'http://127.0.0.1:8787',
			'/sync': { target: 'ws://127.0.0.1:8787', ws: true }
		}
	}
});
