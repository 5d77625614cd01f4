/**
 * A minimal observable value that follows the Svelte store contract (`subscribe` calls the
 * subscriber at once and returns an unsubscribe function), so views use `$state` of it
 * without the sync layer depending on Svelte.
 */
export class Store<T> {
	#value: T;
	readonly #subscribers = new Set<(value: T) => void>();

	constructor(value: T) {
		this.#value = value;
	}

	get(): T {
		return this.#value;
	}

	set(value: T): void {
		this.#value = value;
		for (const subscriber of [...this.#subscribers]) subscriber(value);
	}

	update(change: (value: T) => T): void {
		this.set(change(this.#value));
	}

	subscribe(subscriber: (value: T) => void): () => void {
		this.#subscribers.add(subscriber);
		subscriber(this.#value);
		return () => this.#subscribers.delete(subscriber);
	}
}
