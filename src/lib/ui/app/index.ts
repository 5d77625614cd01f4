export { useAccount, type AccountContext } from './account.svelte';
export { app, type CommandFailure, type CommandResult } from './appState.svelte';
export {
	whyNotChangeTypes,
	whyNotEditProfile,
	whyNotManagePeople,
	whyNotRemoveAssetAdmin,
	whyNotRemoveMember,
	whyNotSetAssetRole,
	whyNotShare
} from './guards';
export { fromRoom, live } from './live.svelte';
export { paths } from './paths';
