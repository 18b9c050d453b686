// Text features of a problem for the theme classifier (themes/*): jieba words plus character
// bigrams inside runs of Chinese characters. jieba's dictionary ships inside @node-rs/jieba (read
// from node_modules on first use), so nothing is downloaded at run time.
import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';

let jieba: Jieba | undefined;

/** The segmenter, built once per process (about 0.3 s: it parses the 5 MB dictionary). */
function segmenter(): Jieba {
	jieba ??= Jieba.withDict(dict);
	return jieba;
}

// Words that occur in messages of every theme and would only crowd the evidence; TF-IDF already
// gives them little weight.
const STOP_WORDS = new Set(
	(
		'我们 你们 他们 自己 这个 那个 这些 那些 一个 没有 已经 现在 目前 希望 要求 请求 问题 情况 ' +
		'反映 有关 部门 相关 领导 尽快 解决 处理 进行 能够 可以 不能 是否 为什么 怎么 什么 如何 ' +
		'因为 所以 但是 而且 并且 或者 还是 就是 以及 对于 关于 通过 由于 如果 虽然 非常 十分 ' +
		'特别 一直 经常 一些 很多 多次 每天 今年 去年 时候 期间 以来 您好 你好 谢谢 感谢 麻烦 ' +
		'严重 影响 存在 造成 导致 出现 发现 看到 知道 觉得 认为 表示 告知 答复 回复 联系 电话 ' +
		'市民 居民 群众 本人 家里 附近 周边 这样 那样 一下 一点 不是 还有 同时 之后 以后 以前'
	).split(' ')
);

const HAN = /\p{Script=Han}/u;
const HAN_RUN = /\p{Script=Han}+/gu;
const WORDISH = /^[\p{Script=Han}\p{L}][\p{Script=Han}\p{L}\p{N}]*$/u;

/** Unicode compatibility forms folded (full-width letters and digits), Latin lowercased. */
export function normaliseText(text: string): string {
	return text.normalize('NFKC').toLowerCase();
}

/** A feature key: `w:` and a jieba word of two or more characters, or `c:` and a bigram. */
export type Feature = string;

/** The features of one text, with repeats (term frequency is counted by the caller). */
export function textFeatures(raw: string): Feature[] {
	const text = normaliseText(raw);
	const out: Feature[] = [];
	for (const word of segmenter().cut(text, false)) {
		if (word.length < 2 || word.length > 8 || !WORDISH.test(word) || STOP_WORDS.has(word)) continue;
		// A Latin or digit-only token ("app", "12345") is noise more often than not.
		if (!HAN.test(word)) continue;
		out.push(`w:${word}`);
	}
	for (const run of text.match(HAN_RUN) ?? []) {
		for (let i = 0; i + 1 < run.length; i++) out.push(`c:${run.slice(i, i + 2)}`);
	}
	return out;
}

/** The surface text of a feature, for evidence. */
export function featureText(feature: Feature): string {
	return feature.slice(2);
}

export function isWord(feature: Feature): boolean {
	return feature.startsWith('w:');
}
