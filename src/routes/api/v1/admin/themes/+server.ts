// POST /api/v1/admin/themes (an admin of the whole street): { "labels": ["…", …] } — a file's
// category labels that match no theme, created as themes in one step (admin/theme-import.ts).
// Answers { themes: [{ code, labelZh, labelEn }], relabelled, reclassified }; a label a theme
// already answers to 409, a list that is empty or too long 400, each with the reason in Chinese.
import { json } from '@sveltejs/kit';
import * as v from 'valibot';
import { AdminError } from '$lib/server/admin/admin-error';
import {
	cleanImportLabels,
	importThemeLabels,
	MAX_IMPORTED_THEMES
} from '$lib/server/admin/theme-import';
import { requireStreetAdmin } from '$lib/server/auth/guard';
import { ApiError, answering } from '$lib/server/http/api-error';
import { readJson } from '$lib/server/http/json-body';
import { webDatabase } from '$lib/server/web-database';
import type { RequestHandler } from './$types';

/** 200 labels of 50 characters fit with room to spare. */
const MAX_BODY_BYTES = 64 * 1024;

const Body = v.object({
	labels: v.pipe(
		v.array(v.string('每个分类名称都应是文字。'), '请以 { "labels": [ … ] } 发送要导入的分类。'),
		v.maxLength(MAX_IMPORTED_THEMES, `一次最多导入 ${MAX_IMPORTED_THEMES} 个主题。`)
	)
});

export const POST: RequestHandler = ({ request, url, locals }) =>
	answering(async () => {
		// The taxonomy classifies every community's problems: not for an admin with a scope.
		const principal = requireStreetAdmin({ url, locals });
		const parsed = v.safeParse(Body, await readJson(request, MAX_BODY_BYTES));
		if (!parsed.success) throw new ApiError(400, parsed.issues[0].message);
		let labels: string[];
		try {
			labels = cleanImportLabels(parsed.output.labels);
		} catch (err) {
			if (err instanceof AdminError) throw new ApiError(400, err.message);
			throw err;
		}
		const db = await webDatabase();
		try {
			const done = await importThemeLabels(
				{ db, actor: principal, address: locals.address },
				labels
			);
			return json(done);
		} catch (err) {
			if (err instanceof AdminError) throw new ApiError(409, err.message);
			throw err;
		}
	});
