// The theme classifier's mathematics, free of the database: a TF-IDF vocabulary, a multinomial
// logistic regression trained by SGD with AdaGrad steps (a complement naive Bayes for tiny training
// sets), scoring, confidence and the deciding features. train.ts and classify.ts call it.
import { featureText, type Feature } from './text-features';
import { mulberry32 } from '../seeded-random';

/** A sparse TF-IDF vector, L2-normalised: feature indexes and their weights. */
export interface SparseVector {
	idx: Int32Array;
	val: Float32Array;
}

/** Both model kinds score the same way: softmax(temperature · (x·W + b)). */
export interface LinearModel {
	kind: 'logistic' | 'complement_nb';
	/** The theme codes the model can predict, in the order of W's columns. */
	themes: string[];
	features: Feature[];
	idf: Float32Array;
	/** features.length × themes.length, row-major (one row per feature). */
	weights: Float32Array;
	bias: Float32Array;
	temperature: number;
}

export interface Vocabulary {
	features: Feature[];
	idf: Float32Array;
	index: Map<Feature, number>;
}

/**
 * The features seen in at least `minDf` documents (all when the set is small), the most frequent
 * `maxFeatures` of them, with smoothed IDF: ln((1 + n) / (1 + df)) + 1, as scikit-learn's.
 */
export function buildVocabulary(
	docs: Feature[][],
	opts: { minDf?: number; maxFeatures?: number } = {}
): Vocabulary {
	const minDf = opts.minDf ?? (docs.length >= 500 ? 2 : 1);
	const maxFeatures = opts.maxFeatures ?? 200_000;
	const df = new Map<Feature, number>();
	for (const doc of docs) {
		for (const f of new Set(doc)) df.set(f, (df.get(f) ?? 0) + 1);
	}
	let kept = [...df].filter(([, n]) => n >= minDf);
	if (kept.length > maxFeatures) {
		kept.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
		kept = kept.slice(0, maxFeatures);
	}
	kept.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
	const features = kept.map(([f]) => f);
	const idf = new Float32Array(kept.map(([, n]) => Math.log((1 + docs.length) / (1 + n)) + 1));
	return { features, idf, index: new Map(features.map((f, i) => [f, i])) };
}

/** Sublinear term frequency (1 + ln tf) times IDF, L2-normalised; unknown features dropped. */
export function vectorize(
	doc: Feature[],
	index: Map<Feature, number>,
	idf: ArrayLike<number>
): SparseVector {
	// Most features of a text occur once: count with a sorted index list, not a Map per text.
	const hits: number[] = [];
	for (const f of doc) {
		const i = index.get(f);
		if (i !== undefined) hits.push(i);
	}
	hits.sort((a, b) => a - b);
	let distinct = 0;
	for (let j = 0; j < hits.length; j++) if (j === 0 || hits[j] !== hits[j - 1]) distinct++;
	const idx = new Int32Array(distinct);
	const val = new Float32Array(distinct);
	let k = -1;
	for (let j = 0; j < hits.length; j++) {
		if (j === 0 || hits[j] !== hits[j - 1]) idx[++k] = hits[j];
		val[k]++;
	}
	let norm = 0;
	for (let j = 0; j < distinct; j++) {
		const v = (1 + Math.log(val[j])) * idf[idx[j]];
		val[j] = v;
		norm += v * v;
	}
	norm = Math.sqrt(norm) || 1;
	for (let j = 0; j < distinct; j++) val[j] /= norm;
	return { idx, val };
}

export interface TrainOptions {
	epochs?: number;
	learningRate?: number;
	l2?: number;
	seed?: number;
}

/** Epochs by size: small sets need more passes, 100k rows converge in a few. */
export function defaultEpochs(rows: number): number {
	return Math.max(3, Math.min(20, Math.round(300_000 / Math.max(rows, 1))));
}

/**
 * Multinomial logistic regression by SGD with AdaGrad step sizes and L2 on the weights a sample
 * touches. Classes are weighted inversely to their size (macro-F1 is the figure that matters, and
 * a rare theme must not vanish into a common one).
 */
export function trainLogistic(
	X: SparseVector[],
	y: ArrayLike<number>,
	classes: number,
	featureCount: number,
	opts: TrainOptions = {}
): { weights: Float32Array; bias: Float32Array } {
	const K = classes;
	const epochs = opts.epochs ?? defaultEpochs(X.length);
	const lr = opts.learningRate ?? 0.5;
	const l2 = opts.l2 ?? 1e-5;
	const random = mulberry32(opts.seed ?? 17);
	const W = new Float32Array(featureCount * K);
	const G = new Float32Array(featureCount * K);
	const b = new Float32Array(K);
	const Gb = new Float32Array(K);
	const sizes = new Float64Array(K);
	for (let i = 0; i < X.length; i++) sizes[y[i]]++;
	const classWeight = Array.from(sizes, (n) =>
		n ? Math.min(5, Math.max(0.2, X.length / (K * n))) : 0
	);
	const order = Int32Array.from({ length: X.length }, (_, i) => i);
	const z = new Float64Array(K);
	for (let epoch = 0; epoch < epochs; epoch++) {
		for (let i = order.length - 1; i > 0; i--) {
			const j = Math.floor(random() * (i + 1));
			const t = order[i];
			order[i] = order[j];
			order[j] = t;
		}
		for (const s of order) {
			const { idx, val } = X[s];
			let max = -Infinity;
			for (let k = 0; k < K; k++) {
				let v = b[k];
				for (let j = 0; j < idx.length; j++) v += val[j] * W[idx[j] * K + k];
				z[k] = v;
				if (v > max) max = v;
			}
			let sum = 0;
			for (let k = 0; k < K; k++) {
				z[k] = Math.exp(z[k] - max);
				sum += z[k];
			}
			const cw = classWeight[y[s]];
			for (let k = 0; k < K; k++) {
				const g = cw * (z[k] / sum - (k === y[s] ? 1 : 0));
				// A theme already scored right for this row has nothing to learn from it; skipping
				// the near-zero steps halves training time on 100k rows.
				if (g < 1e-3 && g > -1e-3) continue;
				Gb[k] += g * g;
				b[k] -= (lr * g) / Math.sqrt(Gb[k] + 1e-8);
				for (let j = 0; j < idx.length; j++) {
					const w = idx[j] * K + k;
					const gw = g * val[j] + l2 * W[w];
					G[w] += gw * gw;
					W[w] -= (lr * gw) / Math.sqrt(G[w] + 1e-8);
				}
			}
		}
	}
	return { weights: W, bias: b };
}

/**
 * Complement naive Bayes (Rennie et al. 2003, as scikit-learn's ComplementNB with norm=True): each
 * class is scored by how unlike its complement a text is. Stored as a linear model: weights are
 * the negated normalised log complement probabilities, the bias is zero.
 */
export function trainComplementNB(
	X: SparseVector[],
	y: ArrayLike<number>,
	classes: number,
	featureCount: number,
	alpha = 1
): { weights: Float32Array; bias: Float32Array } {
	const K = classes;
	const perClass = new Float64Array(featureCount * K);
	const total = new Float64Array(featureCount);
	for (let s = 0; s < X.length; s++) {
		const { idx, val } = X[s];
		for (let j = 0; j < idx.length; j++) {
			perClass[idx[j] * K + y[s]] += val[j];
			total[idx[j]] += val[j];
		}
	}
	const W = new Float32Array(featureCount * K);
	for (let k = 0; k < K; k++) {
		let complementSum = 0;
		for (let i = 0; i < featureCount; i++) complementSum += total[i] - perClass[i * K + k];
		const denominator = complementSum + alpha * featureCount;
		let absSum = 0;
		const logs = new Float64Array(featureCount);
		for (let i = 0; i < featureCount; i++) {
			logs[i] = Math.log((total[i] - perClass[i * K + k] + alpha) / denominator);
			absSum += Math.abs(logs[i]);
		}
		// Scaled by the feature count so that scores are of order one whatever the vocabulary size.
		for (let i = 0; i < featureCount; i++) W[i * K + k] = (-logs[i] / absSum) * featureCount;
	}
	return { weights: W, bias: new Float32Array(K) };
}

/** The raw scores x·W + b, one per theme. */
export function scoreVector(model: LinearModel, x: SparseVector, out?: Float64Array): Float64Array {
	const K = model.themes.length;
	const z = out ?? new Float64Array(K);
	for (let k = 0; k < K; k++) z[k] = model.bias[k];
	const W = model.weights;
	for (let j = 0; j < x.idx.length; j++) {
		const row = x.idx[j] * K;
		const v = x.val[j];
		for (let k = 0; k < K; k++) z[k] += v * W[row + k];
	}
	return z;
}

/** softmax(temperature · z), in place. */
export function softmax(z: Float64Array, temperature = 1): Float64Array {
	let max = -Infinity;
	for (const v of z) if (v > max) max = v;
	let sum = 0;
	for (let k = 0; k < z.length; k++) {
		z[k] = Math.exp(temperature * (z[k] - max));
		sum += z[k];
	}
	for (let k = 0; k < z.length; k++) z[k] /= sum;
	return z;
}

/**
 * The temperature (from a small grid) under which the training rows are most likely: complement
 * naive Bayes scores are not probabilities, and a confidence must mean something comparable.
 */
export function fitTemperature(
	model: LinearModel,
	X: SparseVector[],
	y: ArrayLike<number>
): number {
	const grid = [0.25, 0.5, 1, 2, 4, 8, 16, 32, 64];
	const raw = X.map((x) => scoreVector(model, x));
	let best = 1;
	let bestLoss = Infinity;
	for (const t of grid) {
		let loss = 0;
		for (let s = 0; s < raw.length; s++) {
			const p = softmax(Float64Array.from(raw[s]), t);
			loss -= Math.log(Math.max(p[y[s]], 1e-12));
		}
		if (loss < bestLoss) {
			bestLoss = loss;
			best = t;
		}
	}
	return best;
}

export interface LinearPrediction {
	/** Index into model.themes. */
	best: number;
	confidence: number;
	/** Up to three surface words that pushed the winner above the runner-up, strongest first. */
	evidence: string[];
}

/** The winner, its probability, and the features that decided between it and the runner-up. */
export function predictVector(model: LinearModel, x: SparseVector): LinearPrediction {
	const K = model.themes.length;
	const p = softmax(scoreVector(model, x), model.temperature);
	let best = 0;
	let second = K > 1 ? 1 : 0;
	if (K > 1 && p[second] > p[best]) [best, second] = [second, best];
	for (let k = 2; k < K; k++) {
		if (p[k] > p[best]) {
			second = best;
			best = k;
		} else if (p[k] > p[second]) second = k;
	}
	return { best, confidence: p[best], evidence: decidingWords(model, x, best, second) };
}

function decidingWords(
	model: LinearModel,
	x: SparseVector,
	best: number,
	second: number
): string[] {
	const K = model.themes.length;
	const order: number[] = [];
	const push = new Float64Array(x.idx.length);
	for (let j = 0; j < x.idx.length; j++) {
		const row = x.idx[j] * K;
		push[j] =
			x.val[j] *
			(K > 1 ? model.weights[row + best] - model.weights[row + second] : model.weights[row + best]);
		if (push[j] > 0) order.push(j);
	}
	order.sort((a, b) => push[b] - push[a]);
	const chosen: string[] = [];
	for (const j of order) {
		const text = featureText(model.features[x.idx[j]]);
		if (chosen.some((c) => c.includes(text) || text.includes(c))) continue;
		chosen.push(text);
		if (chosen.length === 3) break;
	}
	return chosen;
}
