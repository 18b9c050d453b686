import { fail } from '@sveltejs/kit';
import type { Option } from '$lib/domain/options';
import { readVocabulary } from '$lib/server/db/vocabulary';
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
	const [history, communities, vocab, profiles] = await Promise.all([
		listBatches(db, { limit: HISTORY_PAGE, offset: 0 }, scope),
		// A scoped account is offered exactly the communities it may upload for.
		scope === null
			? db.all<{ name: string }>(
					`SELECT DISTINCT community AS name FROM problems
					 UNION SELECT community FROM mapping_profiles WHERE community IS NOT NULL`
				)
			: scope.map((name) => ({ name })),
		readVocabulary(db),
		listProfiles(db, scope)
	]);
	const option = ({ code, labelZh, labelEn }: Option): Option => ({ code, labelZh, labelEn });
	const vocabulary: UploadVocabulary = {
		fields: vocab.fields.map(({ field, labelZh, required }): FieldChoice => ({
			field,
			labelZh,
			required
		})),
		statuses: vocab.statuses.map((s) => ({ ...option(s), type: s.type })),
		themes: vocab.themes.map(option),
		levels: vocab.terms.level.map(option),
		reporterTypes: vocab.terms.reporter_type.map(option)
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
