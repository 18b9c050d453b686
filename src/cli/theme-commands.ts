// `ledger themes evaluate` and `ledger themes retrain`: the theme classifier from the command
// line, thin over src/lib/server/themes. The human output is a table in Chinese; --json prints
// the figures as they are computed (ThemeEvaluation, RetrainResult).
import type { ClassificationMetrics, ThemeEvaluation } from '../lib/domain/theme-classifier';
import type { RetrainResult } from '../lib/server/themes/retrain';

export const THEMES_CLASSIFIER_USAGE = `  themes evaluate [--folds 5] [--json] [--db FILE]
                                  k 折交叉验证：自动归类与关键词规则在同一批已标注问题上的准确率、
                                  宏平均 F1、各主题精确率/召回率和混淆矩阵
  themes retrain [--json] [--db FILE]
                                  用已标注主题的问题重新训练分类器，并重新归类自动归类的问题`;

const pct = (x: number | null): string => (x === null ? '—' : `${(x * 100).toFixed(1)}%`);

function metricsTable(title: string, m: ClassificationMetrics): string {
	const width = Math.max(...m.themes.map((t) => t.length), 8);
	const lines = [
		`${title}：准确率 ${pct(m.accuracy)}，宏平均 F1 ${m.macroF1.toFixed(3)}（${m.rows} 条）`,
		`  ${'主题'.padEnd(width)}  样本  精确率  召回率     F1`,
		...m.perTheme
			.filter((t) => t.support > 0 || t.predicted > 0)
			.map(
				(t) =>
					`  ${t.theme.padEnd(width)}  ${String(t.support).padStart(4)}  ${pct(t.precision).padStart(6)}  ${pct(t.recall).padStart(6)}  ${t.f1.toFixed(3)}`
			)
	];
	return lines.join('\n');
}

function confusionTable(m: ClassificationMetrics): string {
	const used = m.themes
		.map((_, i) => i)
		.filter((i) => m.confusion[i].some((n) => n > 0) || m.confusion.some((row) => row[i] > 0));
	const head = used.map((i) => String(i + 1).padStart(5)).join('');
	return [
		'混淆矩阵（行为标注主题，列为预测主题，列号同行号）：',
		`  ${''.padEnd(24)}${head}`,
		...used.map(
			(i) =>
				`  ${`${i + 1}. ${m.themes[i]}`.padEnd(24)}${used.map((j) => String(m.confusion[i][j]).padStart(5)).join('')}`
		)
	].join('\n');
}

export function formatEvaluation(e: ThemeEvaluation): string {
	return [
		`${e.folds} 折交叉验证，已标注问题 ${e.labelledRows} 条，用时 ${e.seconds.toFixed(1)} 秒。`,
		'',
		metricsTable('自动归类', e.model),
		'',
		metricsTable('仅关键词规则', e.keywords),
		'',
		confusionTable(e.model)
	].join('\n');
}

export function formatRetrain(r: RetrainResult): string {
	const model =
		r.kind === null
			? '已标注的问题不足（每个主题至少 5 条、至少两个主题），暂时只用关键词规则归类。'
			: `已训练${r.kind === 'logistic' ? '逻辑回归' : '补集朴素贝叶斯'}模型：${r.labelledRows} 条已标注问题，${r.themes.length} 个主题，${r.features} 个特征，用时 ${r.trainSeconds.toFixed(1)} 秒。`;
	const cold = r.coldThemes.length
		? `\n标注太少、仍按关键词归类的主题：${r.coldThemes.join('、')}。`
		: '';
	const { rows, changed, byMethod } = r.reclassified;
	return `${model}${cold}\n重新归类 ${rows} 条自动归类的问题，其中 ${changed} 条主题有变化（模型 ${byMethod.model}，关键词 ${byMethod.keywords}，其他 ${byMethod.fallback}）。`;
}
