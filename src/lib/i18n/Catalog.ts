import type { AccessType } from '$lib/domain/AccessType';
import type { RejectReason } from '$lib/domain/RejectReason';
import type { AssetKind, AssetRole, NotificationKind } from '$lib/domain/entities';
import type { CommandName } from '$lib/sync/commandRegistry';
import type { enMessages } from './messages/en';

/** Every UI string key; English (the reference) defines them, the others must match. */
export type MessageKey = keyof typeof enMessages;

/** `{name}` placeholders of a message, read from the English string's literal type. */
type Placeholders<Text extends string> = Text extends `${string}{${infer Name}}${infer Rest}`
	? Name | Placeholders<Rest>
	: never;

export type MessageParamValue = string | number;

/**
 * The arguments `t` takes after the key: none for a plain message, an object naming
 * exactly its placeholders otherwise — so a forgotten or misspelt param fails to compile.
 */
export type MessageParams<Key extends MessageKey> = [Placeholders<(typeof enMessages)[Key]>] extends [never]
	? []
	: [params: Readonly<Record<Placeholders<(typeof enMessages)[Key]>, MessageParamValue>>];

export interface NamedAndDescribed {
	readonly name: string;
	/** One line, shown next to a checkbox or in a tooltip. */
	readonly description: string;
}

/**
 * One language's strings. The domain's enums are typed as `Record`s so that a new
 * reject reason, access type, asset kind or role without a translation fails to compile.
 */
export interface Catalog {
	readonly messages: Readonly<Record<MessageKey, string>>;
	/** A full sentence per refusal code: what happened and, where there is one, what to do. */
	readonly rejectReasons: Readonly<Record<RejectReason, string>>;
	readonly accessTypes: Readonly<Record<AccessType, NamedAndDescribed>>;
	readonly assetKinds: Readonly<Record<AssetKind, string>>;
	readonly assetRoles: Readonly<Record<AssetRole, NamedAndDescribed>>;
	/** An inbox entry as a sentence; `{account}` and `{asset}` are filled from its data. */
	readonly notificationKinds: Readonly<Record<NotificationKind, string>>;
	/** What each command does, for the panel of pending and refused changes. */
	readonly commandNames: Readonly<Record<CommandName, string>>;
}

/** Keys of messages without placeholders: what a table of keys (`Record<Kind, …Key>`) may hold. */
export type PlainMessageKey = { [Key in MessageKey]: MessageParams<Key> extends [] ? Key : never }[MessageKey];
