import { loadOverview } from '$lib/server/overview';
import { webDatabase } from '$lib/server/web-database';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async () => loadOverview(await webDatabase());
