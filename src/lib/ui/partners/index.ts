export { default as PartnersPage } from './PartnersPage.svelte';
