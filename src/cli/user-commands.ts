// `ledger user …` and `ledger token …`: accounts and API tokens from the command line, thin over
// src/lib/server/auth. A password comes from standard input (--password-stdin) or is generated and
// printed once. Every change is written to the audit log as done by cli:<login>.
import { parseArgs } from 'node:util';
import type { LedgerDatabase } from '../lib/server/db/database';
import { audit } from '../lib/server/audit/audit';
import {
	issueApiToken,
	invalidateUserSessions,
	listApiTokens,
	revokeApiToken
} from '../lib/server/auth/session';
import {
	AccountError,
	createUser,
	findUserRow,
	generatePassword,
	listUsers,
	setPassword,
	updateUser
} from '../lib/server/auth/users';
import { ROLE_LABELS } from '../lib/domain/roles';

export const USER_USAGE = `  user add NAME --role admin|analyst|viewer [--scope 社区A,社区B] [--password-stdin] [--db FILE]
  user passwd NAME [--password-stdin] [--db FILE]
  user list [--json] [--db FILE]
  user disable NAME | user enable NAME [--db FILE]
                                  管理账号；不给 --password-stdin 时生成密码并只显示这一次
  token add --user NAME [--name 用途] [--db FILE] | token list [--json] | token revoke ID
                                  给脚本用的 API 令牌（Authorization: Bearer …），只显示一次`;

export class CliUsageError extends Error {}

type WithDb = <T>(
	dbPath: string | undefined,
	work: (db: LedgerDatabase) => Promise<T>
) => Promise<T>;

const actor = () => ({ userId: null, username: `cli:${process.env.USER ?? 'unknown'}` });

async function readStdinPassword(): Promise<string> {
	const chunks: Buffer[] = [];
	for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
	return Buffer.concat(chunks)
		.toString('utf8')
		.replace(/\r?\n$/, '');
}

async function passwordFrom(
	stdin: boolean | undefined
): Promise<{ password: string; shown: boolean }> {
	if (stdin) return { password: await readStdinPassword(), shown: false };
	return { password: generatePassword(), shown: true };
}

async function userByName(db: LedgerDatabase, name: string) {
	const user = await findUserRow(db, name);
	if (!user) throw new AccountError(`没有用户“${name}”。`);
	return user;
}

export async function cmdUser(args: string[], withDb: WithDb): Promise<number> {
	const [sub, ...rest] = args;
	const { values, positionals } = parseArgs({
		args: rest,
		allowPositionals: true,
		options: {
			db: { type: 'string' },
			role: { type: 'string' },
			scope: { type: 'string' },
			'password-stdin': { type: 'boolean' },
			json: { type: 'boolean', default: false }
		}
	});
	const name = positionals[0];
	if (sub !== 'list' && !name) throw new CliUsageError(`user ${sub ?? ''} 需要一个用户名。`);
	return withDb(values.db, async (db) => {
		try {
			switch (sub) {
				case 'add': {
					if (!values.role) throw new CliUsageError('user add 需要 --role admin|analyst|viewer。');
					const { password, shown } = await passwordFrom(values['password-stdin']);
					const scope = values.scope === undefined ? null : values.scope.split(/[,，]/);
					const user = await createUser(db, { username: name, password, role: values.role, scope });
					await audit(db, {
						actor: actor(),
						address: 'cli',
						action: 'user.create',
						target: user.username,
						detail: { role: user.role, scope: user.scope },
						result: 'ok'
					});
					process.stdout.write(
						`已创建用户 ${user.username}（${ROLE_LABELS[user.role].zh}${user.scope ? `，范围：${user.scope.join('、') || '无'}` : ''}）。\n` +
							(shown ? `初始密码（只显示这一次）：${password}\n` : '')
					);
					return 0;
				}
				case 'passwd': {
					const user = await userByName(db, name);
					const { password, shown } = await passwordFrom(values['password-stdin']);
					await setPassword(db, user.id, password);
					await invalidateUserSessions(db, user.id);
					await audit(db, {
						actor: actor(),
						address: 'cli',
						action: 'user.password_reset',
						target: user.username,
						result: 'ok'
					});
					process.stdout.write(
						`已重设 ${user.username} 的密码，并让它在所有设备上退出登录。\n` +
							(shown ? `新密码（只显示这一次）：${password}\n` : '')
					);
					return 0;
				}
				case 'disable':
				case 'enable': {
					const user = await userByName(db, name);
					await updateUser(db, user.id, { disabled: sub === 'disable' });
					if (sub === 'disable') await invalidateUserSessions(db, user.id);
					await audit(db, {
						actor: actor(),
						address: 'cli',
						action: 'user.update',
						target: user.username,
						detail: { disabled: sub === 'disable' },
						result: 'ok'
					});
					process.stdout.write(`已${sub === 'disable' ? '停用' : '启用'}用户 ${user.username}。\n`);
					return 0;
				}
				case 'list': {
					const users = await listUsers(db);
					if (values.json) process.stdout.write(`${JSON.stringify({ users }, null, 2)}\n`);
					else
						for (const u of users)
							process.stdout.write(
								`${u.username}\t${ROLE_LABELS[u.role].zh}\t${u.scope === null ? '全街道' : u.scope.join('、') || '（无）'}\t${u.disabled ? '已停用' : '可用'}\n`
							);
					return 0;
				}
				default:
					throw new CliUsageError(`未知的 user 子命令“${sub ?? ''}”。`);
			}
		} catch (err) {
			if (err instanceof AccountError) {
				process.stderr.write(`错误：${err.message}\n`);
				return 1;
			}
			throw err;
		}
	});
}

export async function cmdToken(args: string[], withDb: WithDb): Promise<number> {
	const [sub, ...rest] = args;
	const { values, positionals } = parseArgs({
		args: rest,
		allowPositionals: true,
		options: {
			db: { type: 'string' },
			user: { type: 'string' },
			name: { type: 'string' },
			json: { type: 'boolean', default: false }
		}
	});
	return withDb(values.db, async (db) => {
		switch (sub) {
			case 'add': {
				if (!values.user) throw new CliUsageError('token add 需要 --user 用户名。');
				const user = await findUserRow(db, values.user);
				if (!user) {
					process.stderr.write(`错误：没有用户“${values.user}”。\n`);
					return 1;
				}
				const issued = await issueApiToken(db, {
					userId: user.id,
					name: values.name ?? '脚本',
					createdBy: actor().username
				});
				await audit(db, {
					actor: actor(),
					address: 'cli',
					action: 'token.issue',
					target: user.username,
					detail: { tokenId: issued.id, name: values.name ?? '脚本' },
					result: 'ok'
				});
				process.stdout.write(
					`已为 ${user.username} 签发令牌 #${issued.id}（只显示这一次）：\n${issued.token}\n用法：Authorization: Bearer <令牌>\n`
				);
				return 0;
			}
			case 'list': {
				const tokens = await listApiTokens(db);
				if (values.json) process.stdout.write(`${JSON.stringify({ tokens }, null, 2)}\n`);
				else
					for (const t of tokens)
						process.stdout.write(
							`#${t.id}\t${t.username}\t${t.name}\t${t.createdAt}\t${t.revokedAt ? `已吊销 ${t.revokedAt}` : '有效'}\n`
						);
				return 0;
			}
			case 'revoke': {
				const id = Number(positionals[0]);
				if (!Number.isInteger(id) || id < 1) throw new CliUsageError('token revoke 需要令牌编号。');
				const revoked = await revokeApiToken(db, id);
				await audit(db, {
					actor: actor(),
					address: 'cli',
					action: 'token.revoke',
					target: `#${id}`,
					result: revoked ? 'ok' : 'failed'
				});
				if (!revoked) {
					process.stderr.write(`错误：没有有效的令牌 #${id}。\n`);
					return 1;
				}
				process.stdout.write(`已吊销令牌 #${id}。\n`);
				return 0;
			}
			default:
				throw new CliUsageError(`未知的 token 子命令“${sub ?? ''}”。`);
		}
	});
}
