// GET / PUT / DELETE /api/v1/mapping-profiles/{community}: the profile the next upload from that
// community starts from. PUT takes the profile JSON itself. A community outside the account's scope
// has no profile for it (404), and cannot be given one (403). Saves and deletes are audited.
import { json } from '@sveltejs/kit';
import type { Principal } from '$lib/domain/roles';
import { audit } from '$lib/server/audit/audit';
import { inScope } from '$lib/server/db/query-compiler';
import { ApiError, answering } from '$lib/server/http/api-error';
import { readJson } from '$lib/server/http/json-body';
import { IngestRefusal } from '$lib/server/ingest/errors';
import { uploadContext } from '$lib/server/uploads/context';
import {
	deleteProfile,
	saveProfile,
	savedProfile,
	validateProfile
} from '$lib/server/uploads/profiles';
import type { RequestHandler } from './$types';
import { requireAccess } from '$lib/server/auth/guard';

function communityOf(raw: string): string {
	const community = raw.trim();
	if (!community || community.length > 100)
		throw new ApiError(400, '社区名称不能为空，最多 100 个字。');
	return community;
}

function outOfScope(principal: Principal): string {
	const scope = principal.scope ?? [];
	return scope.length
		? `本账号只能管理${scope.join('、')}的映射方案。`
		: '本账号没有可以管理映射方案的社区，请联系管理员设置社区范围。';
}

/** A 404's reason; it names the community only when the account may see it (issue 15). */
function notSaved(scope: Principal['scope'], community: string, what: string): string {
	return inScope(scope, community) ? `“${community}”${what}。` : `没有这个社区的映射方案。`;
}

export const GET: RequestHandler = ({ params, url, locals }) =>
	answering(async () => {
		const { scope } = requireAccess({ url, locals }, 'upload');
		const { db } = await uploadContext();
		const community = communityOf(params.community);
		const saved = inScope(scope, community) ? await savedProfile(db, community) : null;
		if (!saved) throw new ApiError(404, notSaved(scope, community, '还没有保存映射方案'));
		return json(saved);
	});

export const PUT: RequestHandler = ({ params, request, url, locals }) =>
	answering(async () => {
		const principal = requireAccess({ url, locals }, 'upload');
		const { db } = await uploadContext();
		const community = communityOf(params.community);
		const record = (result: 'ok' | 'refused', reason?: string) =>
			audit(db, {
				actor: principal,
				address: locals.address,
				action: 'mapping.save',
				target: community,
				detail: reason ? { community, reason } : { community },
				result
			});
		if (!inScope(principal.scope, community)) {
			const reason = outOfScope(principal);
			await record('refused', reason);
			throw new ApiError(403, reason);
		}
		const input = await readJson(request);
		const profile = await validateProfile(db, input).catch(async (err: unknown) => {
			if (!(err instanceof IngestRefusal)) throw err;
			await record('refused', err.message);
			throw new ApiError(400, err.message);
		});
		const saved = await saveProfile(db, community, profile);
		await record('ok');
		return json(saved);
	});

export const DELETE: RequestHandler = ({ params, url, locals }) =>
	answering(async () => {
		const principal = requireAccess({ url, locals }, 'upload');
		const { db } = await uploadContext();
		const community = communityOf(params.community);
		const removed = inScope(principal.scope, community)
			? await deleteProfile(db, community)
			: false;
		await audit(db, {
			actor: principal,
			address: locals.address,
			action: 'mapping.delete',
			target: community,
			detail: { community },
			result: removed ? 'ok' : 'refused'
		});
		if (!removed) throw new ApiError(404, notSaved(principal.scope, community, '没有保存映射方案'));
		return new Response(null, { status: 204 });
	});
