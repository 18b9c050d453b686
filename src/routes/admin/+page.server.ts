import {
	administeredUsers,
	communityChoices,
	createAccount,
	issueToken,
	resetAccountPassword,
	revokeToken,
	scopeFromForm,
	setAccountDisabled,
	updateAccount
} from '$lib/server/admin/accounts';
import { adminAction, field, idField } from '$lib/server/admin/form-action';
import { requireAccess } from '$lib/server/auth/guard';
import { listApiTokens } from '$lib/server/auth/session';
import { listUsers } from '$lib/server/auth/users';
import { webDatabase } from '$lib/server/web-database';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const principal = requireAccess(event, 'admin');
	const db = await webDatabase();
	const [allUsers, allTokens, communities] = await Promise.all([
		listUsers(db),
		listApiTokens(db),
		communityChoices(db, principal)
	]);
	// A scoped admin sees only the accounts (and their tokens) within its communities.
	const users = administeredUsers(principal, allUsers);
	const names = new Set(users.map((u) => u.username));
	const tokens = allTokens.filter((t) => names.has(t.username));
	// ?edit=<id> opens that user's edit panel (a link, so it works without JavaScript).
	const editId = Number(event.url.searchParams.get('edit'));
	return {
		users,
		tokens,
		communities,
		editing: users.find((u) => u.id === editId) ?? null,
		selfId: principal.userId
	};
};

export const actions: Actions = {
	create: (event) =>
		adminAction(event, 'create', async (ctx, form) => {
			const { user, generatedPassword } = await createAccount(ctx, {
				username: field(form, 'username'),
				displayName: field(form, 'displayName') || null,
				role: field(form, 'role'),
				scope: scopeFromForm(form),
				// Typed as is (not trimmed); empty means generate one.
				password: String(form.get('password') ?? '')
			});
			return { username: user.username, password: generatedPassword };
		}),
	update: (event) =>
		adminAction(event, 'update', async (ctx, form) => {
			const user = await updateAccount(ctx, idField(form), {
				role: field(form, 'role'),
				scope: scopeFromForm(form),
				displayName: field(form, 'displayName') || null
			});
			return { username: user.username };
		}),
	setDisabled: (event) =>
		adminAction(event, 'setDisabled', async (ctx, form) => {
			const user = await setAccountDisabled(ctx, idField(form), field(form, 'disabled') === '1');
			return { username: user.username, disabled: user.disabled };
		}),
	resetPassword: (event) =>
		adminAction(event, 'resetPassword', async (ctx, form) => {
			const id = idField(form);
			const password = await resetAccountPassword(ctx, id);
			return { userId: id, password };
		}),
	issueToken: (event) =>
		adminAction(event, 'issueToken', async (ctx, form) => {
			const issued = await issueToken(ctx, idField(form, 'userId'), field(form, 'name'));
			return { username: issued.username, name: issued.name, token: issued.token };
		}),
	revokeToken: (event) =>
		adminAction(event, 'revokeToken', async (ctx, form) => {
			await revokeToken(ctx, idField(form));
			return {};
		})
};
