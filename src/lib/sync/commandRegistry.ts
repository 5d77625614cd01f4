import {
	acceptPartnership,
	addBook,
	addMember,
	addPaymentProfile,
	bulkEditAssetBusinessInfo,
	cancelAffiliationRequest,
	changeMemberTypes,
	createAccount,
	createAsset,
	decideAffiliationRequest,
	editAsset,
	editBook,
	editPaymentProfile,
	editProfile,
	endPartnership,
	markNotificationRead,
	removeAssetAdmin,
	removeBook,
	removeMember,
	removePaymentProfile,
	removeSharedAssetAdmin,
	requestPartnership,
	sendAffiliationRequest,
	setAssetAdmin,
	setAutoPayHolder,
	setSharedAssetAdmin,
	setTerritory,
	shareAsset,
	unshareAsset,
	type CommandEnv,
	type Result
} from '$lib/domain';

/**
 * Every domain command by a stable name. The outbox stores the name and the input, so that a
 * command can be replayed against a fresh document after a rejection: names are stored
 * data, never rename one.
 */
export const commands = {
	createAccount,
	editProfile,
	addMember,
	changeMemberTypes,
	removeMember,
	createAsset,
	editAsset,
	bulkEditAssetBusinessInfo,
	setAssetAdmin,
	removeAssetAdmin,
	setAutoPayHolder,
	requestPartnership,
	acceptPartnership,
	endPartnership,
	shareAsset,
	unshareAsset,
	setSharedAssetAdmin,
	removeSharedAssetAdmin,
	sendAffiliationRequest,
	cancelAffiliationRequest,
	decideAffiliationRequest,
	markNotificationRead,
	addBook,
	editBook,
	removeBook,
	setTerritory,
	addPaymentProfile,
	editPaymentProfile,
	removePaymentProfile
} as const;

export type CommandName = keyof typeof commands;
export type CommandInput<N extends CommandName> = Parameters<(typeof commands)[N]>[1];
export type CommandValue<N extends CommandName> = ReturnType<(typeof commands)[N]> extends Result<infer V> ? V : never;

export function isCommandName(value: unknown): value is CommandName {
	return typeof value === 'string' && Object.hasOwn(commands, value);
}

/** Runs a command by name with an input read back from storage. */
export function runCommand(name: CommandName, env: CommandEnv, input: unknown): Result<unknown> {
	// The outbox only ever holds inputs that were typed for this name when first run.
	const command = commands[name] as (env: CommandEnv, input: unknown) => Result<unknown>;
	return command(env, input);
}
