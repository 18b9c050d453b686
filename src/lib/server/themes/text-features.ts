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

/** CJK unified ideographs and extension A: the characters bigrams are made of. */
function isHan(code: number): boolean {
	return (code >= 0x4e00 && code <= 0x9fff) || (code >= 0x3400 && code <= 0x4dbf);
}

function allHan(word: string): boolean {
	for (let i = 0; i < word.length; i++) if (!isHan(word.charCodeAt(i))) return false;
	return true;
}

const FULL_WIDTH = /[\uff01-\uff5e\u3000]/;

/** Full-width letters, digits and punctuation folded to ASCII (NFKC), Latin lowercased. */
export function normaliseText(text: string): string {
	return (FULL_WIDTH.test(text) ? text.normalize('NFKC') : text).toLowerCase();
}

/** A feature key: `w:` and a jieba word of two to eight Chinese characters, or `c:` and a bigram. */
export type Feature = string;

/**
 * The features of one text, with repeats (term frequency is counted by the caller). Words are
 * Chinese only: a Latin or digit token ("app", a phone number) is noise more often than not.
 */
export function textFeatures(raw: string): Feature[] {
	const text = normaliseText(raw);
	const out: Feature[] = [];
	for (const word of segmenter().cut(text, false)) {
		if (word.length < 2 || word.length > 8 || !allHan(word) || STOP_WORDS.has(word)) continue;
		out.push(`w:${word}`);
	}
	let previous = false;
	for (let i = 0; i < text.length; i++) {
		const han = isHan(text.charCodeAt(i));
		if (han && previous) out.push(`c:${text.slice(i - 1, i + 1)}`);
		previous = han;
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
