// See https://svelte.dev/docs/kit/types#app.d.ts
// Nothing app-specific yet: the app is an SPA without server hooks, locals or page data.
declare global {
	namespace App {
		// interface Error {}
		// interface Locals {}
		// interface PageData {}
		// interface PageState {}
		// interface Platform {}
	}
}

export {};
