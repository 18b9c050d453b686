import { adminAction, field } from '$lib/server/admin/form-action';
import {
	loadTaxonomy,
	previewThemeKeywords,
	saveStatus,
	saveTheme,
	splitList
} from '$lib/server/admin/taxonomy';
import { requireStreetAdmin } from '$lib/server/auth/guard';
import { webDatabase } from '$lib/server/web-database';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	// The taxonomy classifies every community's problems: the whole street's admins only.
	requireStreetAdmin(event);
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

// Each action checks the whole-street admin first (it throws a 403 for a scoped admin; a principal
// is always truthy), then runs as any admin action.
export const actions: Actions = {
	previewTheme: (event) =>
		requireStreetAdmin(event) &&
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
		requireStreetAdmin(event) &&
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
		requireStreetAdmin(event) &&
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
