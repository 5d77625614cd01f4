export { default as AccountSwitcher } from './AccountSwitcher.svelte';
export { default as ChangesPanel } from './ChangesPanel.svelte';
export { default as ConnectionIndicator } from './ConnectionIndicator.svelte';
export { default as InboxLink } from './InboxLink.svelte';
export { default as PresenceBar } from './PresenceBar.svelte';
