export { default as AssetPage } from './AssetPage.svelte';
export { default as AssetsPage } from './AssetsPage.svelte';
