// The uploads endpoints' shared pieces: the web database, the settings and the staging area, which
// is swept of abandoned uploads at most once an hour as requests come in.
import { readSettings } from '../env';
import { webDatabase } from '../web-database';
import { StagingArea } from './staging';
import { STAGED_MAX_AGE_MS, type UploadContext } from './workflow';

const SWEEP_EVERY_MS = 60 * 60 * 1000;
let lastSweep = 0;

export async function uploadContext(): Promise<UploadContext> {
	const settings = readSettings();
	const staging = new StagingArea(settings.stagingDir);
	if (Date.now() - lastSweep > SWEEP_EVERY_MS) {
		lastSweep = Date.now();
		await staging.sweep(STAGED_MAX_AGE_MS);
	}
	return { db: await webDatabase(), settings, staging };
}
