export { default as AccountLayout } from './AccountLayout.svelte';
export { default as AccountList } from './AccountList.svelte';
export { default as AccountOverview } from './AccountOverview.svelte';
export { default as AccountSettings } from './AccountSettings.svelte';
export { default as CreateAccountForm } from './CreateAccountForm.svelte';
export { default as NoAccess } from './NoAccess.svelte';
export { default as SectionGate } from './SectionGate.svelte';
