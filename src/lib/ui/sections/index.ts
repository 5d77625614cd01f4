export { default as ActivityPage } from './ActivityPage.svelte';
export { default as AnalyticsPage } from './AnalyticsPage.svelte';
export { default as CatalogPage } from './CatalogPage.svelte';
export { default as PaymentsPage } from './PaymentsPage.svelte';
export { salesCsv } from './salesCsv';
