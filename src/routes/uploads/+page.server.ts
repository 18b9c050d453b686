import { fail } from '@sveltejs/kit';
import type { Option } from '$lib/domain/options';
import { m } from '$lib/paraglide/messages';
import { uploadContext } from '$lib/server/uploads/context';
import { listBatches } from '$lib/server/uploads/history';
import { listProfiles } from '$lib/server/uploads/profiles';
import { revertUpload } from '$lib/server/uploads/revert';
import { auditRevert } from '$lib/server/uploads/upload-audit';
import type { FieldChoice, UploadVocabulary } from './vocabulary';
import type { Actions, PageServerLoad } from './$types';
import { requireAccess } from '$lib/server/auth/guard';

const HISTORY_PAGE = 50;

export const load: PageServerLoad = async ({ url, locals }) => {
	const { scope } = requireAccess({ url, locals }, 'upload');
	const { db, settings } = await uploadContext();
	const [history, communities, fields, statuses, themes, terms, profiles] = await Promise.all([
		listBatches(db, { limit: HISTORY_PAGE, offset: 0 }, scope),
		// A scoped account is offered exactly the communities it may upload for.
		scope === null
			? db.all<{ name: string }>(
					`SELECT DISTINCT community AS name FROM problems
					 UNION SELECT community FROM mapping_profiles WHERE community IS NOT NULL`
				)
			: scope.map((name) => ({ name })),
		db.all<FieldChoice>(
			'SELECT field, label_zh AS "labelZh", required FROM fields ORDER BY sort_order'
		),
		db.all<Option & { type: string }>(
			'SELECT code, label_zh AS "labelZh", label_en AS "labelEn", type FROM statuses ORDER BY sort_order'
		),
		db.all<Option>(
			'SELECT code, label_zh AS "labelZh", label_en AS "labelEn" FROM themes ORDER BY sort_order'
		),
		db.all<Option & { kind: string }>(
			`SELECT kind, code, label_zh AS "labelZh", label_en AS "labelEn" FROM terms
			 WHERE kind IN ('level', 'reporter_type') ORDER BY kind, sort_order`
		),
		listProfiles(db, scope)
	]);
	const termsOf = (kind: string): Option[] =>
		terms
			.filter((t) => t.kind === kind)
			.map(({ code, labelZh, labelEn }) => ({ code, labelZh, labelEn }));
	const vocabulary: UploadVocabulary = {
		fields,
		statuses,
		themes,
		levels: termsOf('level'),
		reporterTypes: termsOf('reporter_type')
	};
	return {
		history,
		historyPage: HISTORY_PAGE,
		communities: communities.map((c) => c.name).sort((a, b) => a.localeCompare(b, 'zh-CN')),
		vocabulary,
		profiles: profiles.map((p) => ({ community: p.community, updatedAt: p.updatedAt })),
		uploadLimitBytes: settings.uploadLimitBytes
	};
};

export const actions: Actions = {
	/** Undoes a committed batch exactly; a refusal says why beside the batch. */
	revert: async ({ request, url, locals }) => {
		const principal = requireAccess({ url, locals }, 'upload');
		const form = await request.formData();
		const id = Number(form.get('id'));
		if (!Number.isSafeInteger(id) || id < 1) {
			return fail(400, { id: null, message: m.uploads_revert_bad_id() });
		}
		const { db } = await uploadContext();
		// The account reverts; a `revertedBy` field from an older page is ignored.
		const outcome = await revertUpload(db, id, {
			revertedBy: principal.username,
			scope: principal.scope
		});
		await auditRevert(db, { principal, address: locals.address }, id, outcome);
		if (outcome.outcome === 'refused') {
			return fail(outcome.code === 'not_found' ? 404 : 409, { id, message: outcome.message });
		}
		return {
			id,
			reverted: {
				problemsDeleted: outcome.problemsDeleted,
				problemsRestored: outcome.problemsRestored
			}
		};
	}
};
