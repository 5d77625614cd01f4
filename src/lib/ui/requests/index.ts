export { default as InboxPage } from './InboxPage.svelte';
export { default as RequestsPage } from './RequestsPage.svelte';
export { requestStatusKey } from './requestStatus';
