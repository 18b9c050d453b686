import { adminAction, field } from '$lib/server/admin/form-action';
import {
	loadTaxonomy,
	previewThemeKeywords,
	saveStatus,
	saveTheme,
	splitList
} from '$lib/server/admin/taxonomy';
import { requireAccess } from '$lib/server/auth/guard';
import { webDatabase } from '$lib/server/web-database';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	requireAccess(event, 'admin');
	return loadTaxonomy(await webDatabase());
};

/** The entry and its fields as typed: echoed back, so a preview or a refusal keeps the edits. */
function typed(form: FormData) {
	return {
		code: field(form, 'code'),
		values: {
			labelZh: field(form, 'labelZh'),
			labelEn: field(form, 'labelEn'),
			aliases: field(form, 'aliases'),
			keywords: field(form, 'keywords')
		}
	};
}

export const actions: Actions = {
	previewTheme: (event) =>
		adminAction(
			event,
			'previewTheme',
			async (ctx, form) => {
				const { code, values } = typed(form);
				return { preview: await previewThemeKeywords(ctx.db, code, splitList(values.keywords)) };
			},
			typed
		),
	saveTheme: (event) =>
		adminAction(
			event,
			'saveTheme',
			async (ctx, form) => {
				const { code, values } = typed(form);
				const saved = await saveTheme(ctx, code, {
					labelZh: values.labelZh,
					labelEn: values.labelEn,
					aliases: splitList(values.aliases),
					keywords: splitList(values.keywords)
				});
				return { saved };
			},
			typed
		),
	saveStatus: (event) =>
		adminAction(
			event,
			'saveStatus',
			async (ctx, form) => {
				const { code, values } = typed(form);
				await saveStatus(ctx, code, {
					labelZh: values.labelZh,
					labelEn: values.labelEn,
					aliases: splitList(values.aliases)
				});
				return { saved: true };
			},
			typed
		)
};
