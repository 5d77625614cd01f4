import type { RejectReason } from './RejectReason';

/** An expected failure is a value: it names why, so the UI can say it in the user's language. */
export interface Refusal {
	readonly ok: false;
	readonly reason: RejectReason;
	/** Machine-readable detail for the message (the field, the id, the limit). Never user text. */
	readonly detail?: Readonly<Record<string, string | number>>;
}

export interface Success<T> {
	readonly ok: true;
	readonly value: T;
}

export type Result<T> = Success<T> | Refusal;

export function ok<T>(value: T): Success<T> {
	return { ok: true, value };
}

export function refuse(reason: RejectReason, detail?: Record<string, string | number>): Refusal {
	return detail === undefined ? { ok: false, reason } : { ok: false, reason, detail };
}

/** Thrown only for bugs: a switch that met a value its type says cannot exist. */
export function assertNever(value: never, what = 'value'): never {
	throw new Error(`Unexpected ${what}: ${JSON.stringify(value)}`);
}
