import { isForbiddenKey } from '../domain/validation';

export type PeerJson = { readonly ok: true; readonly value: unknown } | { readonly ok: false };

/**
 * JSON.parse for text from a peer (awareness states, refusal details, request bodies).
 * Keys like `__proto__` are dropped: JSON.parse makes them own properties, but a later
 * spread or Object.assign would turn them into a prototype change.
 */
export function parsePeerJson(text: string): PeerJson {
	try {
		return { ok: true, value: JSON.parse(text, (key, value: unknown) => (isForbiddenKey(key) ? undefined : value)) };
	} catch {
		return { ok: false };
	}
}
