// Login throttling, per account and per address: after too many failures in a window, further
// attempts are refused until the window has passed, whatever the password. In memory, per process
// (the server is one process); the clock is injectable so tests need not wait.
import { SYSTEM_CLOCK, type Clock } from './session';

export interface LimitRule {
	/** Failures allowed inside the window before attempts are refused. */
	failures: number;
	windowMs: number;
}

export const ACCOUNT_RULE: LimitRule = { failures: 5, windowMs: 15 * 60_000 };
export const ADDRESS_RULE: LimitRule = { failures: 20, windowMs: 15 * 60_000 };

class FailureWindow {
	private readonly failures = new Map<string, number[]>();

	constructor(
		private readonly rule: LimitRule,
		private readonly clock: Clock
	) {}

	private recent(key: string): number[] {
		const since = this.clock.now() - this.rule.windowMs;
		const kept = (this.failures.get(key) ?? []).filter((t) => t > since);
		if (kept.length) this.failures.set(key, kept);
		else this.failures.delete(key);
		return kept;
	}

	/** Milliseconds until an attempt is allowed again; 0 when it is allowed now. */
	waitMs(key: string): number {
		const recent = this.recent(key);
		if (recent.length < this.rule.failures) return 0;
		return recent[recent.length - this.rule.failures] + this.rule.windowMs - this.clock.now();
	}

	fail(key: string): void {
		this.failures.set(key, [...this.recent(key), this.clock.now()]);
	}

	clear(key: string): void {
		this.failures.delete(key);
	}
}

export class LoginLimiter {
	private readonly accounts: FailureWindow;
	private readonly addresses: FailureWindow;

	constructor(
		clock: Clock = SYSTEM_CLOCK,
		rules: { account: LimitRule; address: LimitRule } = {
			account: ACCOUNT_RULE,
			address: ADDRESS_RULE
		}
	) {
		this.accounts = new FailureWindow(rules.account, clock);
		this.addresses = new FailureWindow(rules.address, clock);
	}

	/** Milliseconds to wait before this account may try from this address; 0 = go ahead. */
	waitMs(username: string, address: string): number {
		return Math.max(this.accounts.waitMs(username.toLowerCase()), this.addresses.waitMs(address));
	}

	failed(username: string, address: string): void {
		this.accounts.fail(username.toLowerCase());
		this.addresses.fail(address);
	}

	/** A successful login clears the account's failures (not the address's). */
	succeeded(username: string): void {
		this.accounts.clear(username.toLowerCase());
	}
}

export function waitMessage(ms: number): string {
	const minutes = Math.max(1, Math.ceil(ms / 60_000));
	return `登录失败次数过多，请 ${minutes} 分钟后再试。`;
}
