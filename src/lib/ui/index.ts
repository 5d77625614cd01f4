export { default as AppShell } from './AppShell.svelte';
export { default as AppHeader } from './AppHeader.svelte';
export { default as LanguageSwitcher } from './LanguageSwitcher.svelte';
export { default as SessionPanel } from './SessionPanel.svelte';
export { default as StatusView } from './StatusView.svelte';
export { StatusKind, statusKindFor } from './StatusKind';
export { session, type Session } from './session';
