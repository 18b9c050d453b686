// The finished data of the last views asked for (overview, compare, report, filter options), so a
// link opened by a whole meeting, or reloaded, is drawn once: the queries and the server-side SVG
// charts cost 100–200 ms of one core per view. A key names everything the data depends on; any
// write (db/write-queue.ts dataVersion) makes every entry stale. Requests for the same view while it
// is being computed share that one computation. Called by the routes' load functions.
import { dataVersion } from '../db/write-queue';

interface Entry<T> {
	version: number;
	value: Promise<T>;
}

export class ViewCache<T> {
	readonly #entries = new Map<string, Entry<T>>();

	constructor(readonly maxEntries = 24) {}

	/** The value for `key` computed at the current data version, or `make()`'s, kept for next time. */
	get(key: readonly unknown[], make: () => Promise<T>): Promise<T> {
		const id = JSON.stringify(key);
		const version = dataVersion();
		const hit = this.#entries.get(id);
		this.#entries.delete(id);
		if (hit && hit.version === version) {
			this.#entries.set(id, hit); // most recently used last
			return hit.value;
		}
		const value = make();
		const entry = { version, value };
		this.#entries.set(id, entry);
		// A failure is not kept: the next request tries again.
		value.catch(() => {
			if (this.#entries.get(id) === entry) this.#entries.delete(id);
		});
		for (const oldest of this.#entries.keys()) {
			if (this.#entries.size <= this.maxEntries) break;
			this.#entries.delete(oldest);
		}
		return value;
	}

	get size(): number {
		return this.#entries.size;
	}
}
