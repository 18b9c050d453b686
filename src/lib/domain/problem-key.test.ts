import { describe, expect, it } from 'vitest';
import { parseProblemKey, problemKey } from './problem-key';

describe('problemKey', () => {
	it('round-trips Chinese communities and ids with URL-unsafe characters', () => {
		for (const [community, problemId] of [
			['云南路社区', 'YN0001'],
			['城市管理办公室', 'a/b+c?d=e&f#g'],
			['寿张路社区', '"引号" 与 \\ 反斜杠'],
			['x', '🙂']
		]) {
			const key = problemKey(community, problemId);
			expect(key).toMatch(/^[A-Za-z0-9_-]+$/);
			expect(parseProblemKey(key)).toEqual({ community, problemId });
		}
	});

	it('gives different keys to pairs that concatenate alike', () => {
		expect(problemKey('ab', 'c')).not.toBe(problemKey('a', 'bc'));
	});

	it('rejects anything problemKey could not have made', () => {
		const b64 = (s: string) => Buffer.from(s).toString('base64url');
		for (const bad of [
			'',
			'not base64!',
			'A',
			b64('not json'),
			b64('["only one"]'),
			b64('["a", 1]'),
			b64('{"community":"a","problemId":"b"}'),
			b64('["", "x"]'),
			Buffer.from([0xff, 0xfe]).toString('base64url'),
			'A'.repeat(5000)
		]) {
			expect(parseProblemKey(bad), bad).toBeNull();
		}
	});
});
