export interface BackoffOptions {
	readonly initialMs: number;
	readonly maxMs: number;
	/** 0..1; injected in tests. */
	readonly random: () => number;
}

export const defaultBackoff: BackoffOptions = { initialMs: 500, maxMs: 30_000, random: Math.random };

/**
 * Delay before reconnect attempt number `attempt` (0 = first retry): exponential, capped,
 * with jitter in [½, 1] of the step so that many clients cut off together do not return
 * together.
 */
export function backoffDelay(attempt: number, options: BackoffOptions = defaultBackoff): number {
	const step = Math.min(options.maxMs, options.initialMs * 2 ** Math.min(attempt, 30));
	return Math.round(step * (0.5 + options.random() * 0.5));
}
