// The process's one queue for batch writes: ingest commits and upload reverts run one at a time.
// problems has no unique index (it would cost more than the rest of a large load), so
// (community, problem_id) stays unique, and a revert sees a settled table, only if no two of these
// writes overlap. The web server and each CLI run are single processes, and DuckDB's file lock
// keeps them apart.

// Every write the pages could show goes through it, so it also counts them: dataVersion() moves on
// when a write settles, and the view cache (dashboard/view-cache.ts) drops what it computed before.

let queue: Promise<unknown> = Promise.resolve();
let version = 0;

const bump = () => {
	version += 1;
};

/** Runs `work` after every write queued before it has settled; a failed write does not block the next. */
export function serialisedWrite<T>(work: () => Promise<T>): Promise<T> {
	const run = queue.then(work, work);
	queue = run.catch(() => undefined);
	// After the write, failed or not (a failure may still have changed something before it rolled back).
	void run.then(bump, bump);
	return run;
}

/** How many queued writes have settled in this process; a view computed at another value is stale. */
export function dataVersion(): number {
	return version;
}
