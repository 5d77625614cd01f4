export { default as AccessTypeChoices } from './AccessTypeChoices.svelte';
export { default as BusinessInfoFields } from './BusinessInfoFields.svelte';
export { default as CopyableId } from './CopyableId.svelte';
export { default as Feedback } from './Feedback.svelte';
export { default as GuardedButton } from './GuardedButton.svelte';
