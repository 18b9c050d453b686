// The shape every /admin form action shares: check the admin, run the change, and answer either
// { action, ...result } or fail(400, { action, message }) for a refusal the admin can act on.
import { fail, type ActionFailure, type RequestEvent } from '@sveltejs/kit';
import { requireAccess } from '../auth/guard';
import { webDatabase } from '../web-database';
import type { AdminContext } from './accounts';
import { refusalMessage } from './admin-error';

export async function adminAction<
	A extends string,
	T extends object,
	E extends object = Record<never, never>
>(
	event: Pick<RequestEvent, 'locals' | 'url' | 'request'>,
	action: A,
	work: (ctx: AdminContext, form: FormData) => Promise<T>,
	/** Fields echoed back either way, e.g. what was typed, so a refusal keeps the admin's edits. */
	echo?: (form: FormData) => E
): Promise<({ action: A } & E & T) | ActionFailure<{ action: A; message: string } & E>> {
	const actor = requireAccess(event, 'admin');
	const form = await event.request.formData();
	const ctx: AdminContext = { db: await webDatabase(), actor, address: event.locals.address };
	const echoed = (echo?.(form) ?? {}) as E;
	try {
		return { action, ...echoed, ...(await work(ctx, form)) };
	} catch (err) {
		const message = refusalMessage(err);
		if (message === null) throw err;
		return fail(400, { action, ...echoed, message });
	}
}

/** A text field of the form, trimmed ('' when absent). */
export function field(form: FormData, name: string): string {
	const value = form.get(name);
	return typeof value === 'string' ? value.trim() : '';
}

/** An integer id field; NaN when absent or malformed (the admin modules refuse it). */
export function idField(form: FormData, name = 'id'): number {
	const value = field(form, name);
	return /^\d{1,9}$/.test(value) ? Number(value) : Number.NaN;
}
