// Password hashing: argon2id with OWASP's minimum (19 MiB, t=2, p=1) through @node-rs/argon2.
import { hash, verify } from '@node-rs/argon2';

const OPTIONS = {
	memoryCost: 19_456,
	timeCost: 2,
	parallelism: 1,
	outputLen: 32
} as const;

export const MIN_PASSWORD_LENGTH = 8;

export function hashPassword(password: string): Promise<string> {
	// @node-rs/argon2 hashes with argon2id unless told otherwise (the hash string says $argon2id$).
	return hash(password, OPTIONS);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
	try {
		return await verify(passwordHash, password);
	} catch {
		return false;
	}
}

/** Why a new password is not acceptable, in Chinese; null when it is. */
export function passwordProblem(password: string, username?: string): string | null {
	if (password.length < MIN_PASSWORD_LENGTH) return `密码至少要 ${MIN_PASSWORD_LENGTH} 个字符。`;
	if (password.length > 256) return '密码不能超过 256 个字符。';
	if (username && password.toLowerCase() === username.toLowerCase())
		return '密码不能与用户名相同。';
	return null;
}
