// The process's one queue for batch writes: ingest commits and upload reverts run one at a time.
// problems has no unique index (it would cost more than the rest of a large load), so
// (community, problem_id) stays unique, and a revert sees a settled table, only if no two of these
// writes overlap. The web server and each CLI run are single processes, and DuckDB's file lock
// keeps them apart.

let queue: Promise<unknown> = Promise.resolve();

/** Runs `work` after every write queued before it has settled; a failed write does not block the next. */
export function serialisedWrite<T>(work: () => Promise<T>): Promise<T> {
	const run = queue.then(work, work);
	queue = run.catch(() => undefined);
	return run;
}
