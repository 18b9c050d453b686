// Step timings for profiling an ingest: set LEDGER_TRACE=1 and each step prints its duration to
// stderr. Off by default; costs nothing then.
const enabled = process.env.LEDGER_TRACE === '1';

export function stepTimer(scope: string): (step: string) => void {
	let last = performance.now();
	return (step) => {
		if (!enabled) return;
		const now = performance.now();
		process.stderr.write(`[${scope}] ${step} ${(now - last).toFixed(0)} ms\n`);
		last = now;
	};
}
