/**
 * A channel's model: a logistic correction of its topics' scores learned from its votes,
 *   score' = σ(logit(score) + Σ wⱼ xⱼ),
 * over the explained features of the item (features.ts). The weights are pulled toward 0 (L2), so
 * a channel without feedback, or with little, decides as the topic's fitted weights do; each vote
 * counts per person (person-weights.ts). Fitted afresh from the channel's examples on each vote
 * (Newton's method: the problem is small and convex), so a changed vote or a reset is exact.
 */
import type { LearnedModel } from '../store/index.ts';
import type { Features } from './features.ts';
import { voteWeights } from './person-weights.ts';

/** One vote the model learns from: the item's features and topic logit as they were when voted on. */
export interface Example {
  person: string;
  /** True for "relevant", false for "not for us". */
  relevant: boolean;
  features: Features;
  /** The topic's logit for the item (the model's offset). */
  logit: number;
}

/** What a channel has learned: a weight per feature, and the votes behind each (kept by the store). */
export type ChannelModel = LearnedModel;

export interface FitOptions {
  /** L2 pull toward the topic's weights on broad features (the offset, facets, pairs, contexts). Default 1. */
  l2?: number;
  /** L2 pull on specific features (a term, an outlet), which one vote's item names by the dozen. Default 4. */
  l2Specific?: number;
  /** Features present in fewer votes than this are not learned (default 1: all). */
  minVotes?: number;
}

export const EMPTY_MODEL: ChannelModel = Object.freeze({ weights: {}, counts: {}, votes: 0, people: 0 }) as ChannelModel;

const sigmoid = (z: number): number => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));
const logit = (p: number): number => {
  const q = Math.min(1 - 1e-9, Math.max(1e-9, p));
  return Math.log(q / (1 - q));
};

/** Terms and outlets: many per item, each seen in few votes. */
const isSpecific = (feature: string): boolean => feature.startsWith('term:') || feature.startsWith('source:');

/** Weights below this are dropped from a fitted model. */
const NEGLIGIBLE = 1e-3;

/** Fits a channel's model to its examples (weighted per person, regularised toward no change). */
export function fitModel(examples: readonly Example[], options: FitOptions = {}): ChannelModel {
  if (examples.length === 0) return EMPTY_MODEL;
  const l2 = options.l2 ?? 1;
  const l2Specific = options.l2Specific ?? 4;
  const minVotes = options.minVotes ?? 1;
  const seen = new Map<string, number>();
  for (const e of examples) for (const name of Object.keys(e.features)) seen.set(name, (seen.get(name) ?? 0) + 1);
  const names = [...seen.keys()].filter((n) => (seen.get(n) as number) >= minVotes).sort();
  const index = new Map(names.map((n, i) => [n, i]));
  const rows = examples.map((e) => Object.entries(e.features).flatMap(([n, v]) => (index.has(n) ? [[index.get(n) as number, v] as const] : [])));
  const weight = voteWeights(examples.map((e) => e.person));
  const pull = Float64Array.from(names, (n) => (isSpecific(n) ? l2Specific : l2));
  const theta = newton(rows, examples.map((e) => (e.relevant ? 1 : 0)), examples.map((e) => e.logit), weight, names.length, pull);
  const weights: ChannelModel['weights'] = {};
  const counts: ChannelModel['counts'] = {};
  names.forEach((name, j) => {
    const w = theta[j] as number;
    if (Math.abs(w) < NEGLIGIBLE) return;
    weights[name] = w;
    counts[name] = { relevant: 0, notForUs: 0 };
  });
  for (const e of examples) {
    for (const name of Object.keys(e.features)) {
      const c = counts[name];
      if (c) c[e.relevant ? 'relevant' : 'notForUs'] += 1;
    }
  }
  return { weights, counts, votes: examples.length, people: new Set(examples.map((e) => e.person)).size };
}

/**
 * Minimises Σᵢ wᵢ·logloss(yᵢ, σ(oᵢ + θ·xᵢ)) + ½ Σⱼ λⱼ θⱼ² by Newton's method with backtracking;
 * the objective is strictly convex. Each step solves H s = g with H = Λ + Xᵀ D X,
 * D = diag(wᵢ pᵢ (1 − pᵢ)): in the features' space when they are fewer than the votes, else in the
 * votes' space (Woodbury identity, S = D^½), so the cost follows the smaller.
 */
function newton(rows: ReadonlyArray<ReadonlyArray<readonly [number, number]>>, y: number[], offset: number[], w: number[], size: number, l2: Float64Array): Float64Array {
  const theta = new Float64Array(size);
  const n = rows.length;
  for (let iteration = 0; iteration < 50; iteration += 1) {
    const gradient = new Float64Array(size);
    const curvature = new Float64Array(n);
    for (let j = 0; j < size; j += 1) gradient[j] = (l2[j] as number) * (theta[j] as number);
    rows.forEach((row, i) => {
      let z = offset[i] as number;
      for (const [j, v] of row) z += (theta[j] as number) * v;
      const p = sigmoid(z);
      const r = (w[i] as number) * (p - (y[i] as number));
      curvature[i] = (w[i] as number) * p * (1 - p);
      for (const [j, v] of row) gradient[j] = (gradient[j] as number) + r * v;
    });
    const step = size <= n ? primalStep(rows, curvature, gradient, size, l2) : dualStep(rows, curvature, gradient, l2);
    // Backtracking: a full Newton step can overshoot far from the optimum.
    const before = objective(theta, rows, y, offset, w, l2);
    let slope = 0;
    for (let j = 0; j < size; j += 1) slope += (gradient[j] as number) * (step[j] as number);
    let t = 1;
    let next = theta.map((v, j) => v - (step[j] as number));
    while (t > 1e-4 && objective(next, rows, y, offset, w, l2) > before - 1e-4 * t * slope) {
      t /= 2;
      next = theta.map((v, j) => v - t * (step[j] as number));
    }
    let largest = 0;
    for (let j = 0; j < size; j += 1) {
      largest = Math.max(largest, Math.abs((next[j] as number) - (theta[j] as number)));
      theta[j] = next[j] as number;
    }
    if (largest < 1e-7) break;
  }
  return theta;
}

type Rows = ReadonlyArray<ReadonlyArray<readonly [number, number]>>;

/** ln(1 + exp(−m)) without overflow. */
const logLoss = (m: number): number => (m > 0 ? Math.log1p(Math.exp(-m)) : -m + Math.log1p(Math.exp(m)));

function objective(theta: Float64Array, rows: Rows, y: number[], offset: number[], w: number[], l2: Float64Array): number {
  let sum = 0;
  for (let j = 0; j < theta.length; j += 1) sum += ((l2[j] as number) / 2) * (theta[j] as number) ** 2;
  rows.forEach((row, i) => {
    let z = offset[i] as number;
    for (const [j, v] of row) z += (theta[j] as number) * v;
    sum += (w[i] as number) * logLoss(y[i] === 1 ? z : -z);
  });
  return sum;
}

/** H⁻¹g with H built in the features' space. */
function primalStep(rows: Rows, curvature: Float64Array, gradient: Float64Array, size: number, l2: Float64Array): Float64Array {
  const hessian = new Float64Array(size * size);
  for (let j = 0; j < size; j += 1) hessian[j * size + j] = l2[j] as number;
  rows.forEach((row, i) => {
    const h = curvature[i] as number;
    for (const [j, v] of row) for (const [k, u] of row) hessian[j * size + k] = (hessian[j * size + k] as number) + h * v * u;
  });
  return solve(hessian, gradient, size);
}

/** H⁻¹g through the votes' space (Woodbury: H⁻¹ = Λ⁻¹ − Λ⁻¹XᵀS (I + S X Λ⁻¹ Xᵀ S)⁻¹ S X Λ⁻¹). */
function dualStep(rows: Rows, curvature: Float64Array, gradient: Float64Array, l2: Float64Array): Float64Array {
  const n = rows.length;
  const s = curvature.map((h) => Math.sqrt(h));
  const v = gradient.map((g, j) => g / (l2[j] as number));
  const m = new Float64Array(n * n);
  const maps = rows.map((row) => new Map(row));
  for (let a = 0; a < n; a += 1) {
    for (let b = 0; b <= a; b += 1) {
      let k = 0;
      for (const [j, x] of rows[a] as ReadonlyArray<readonly [number, number]>) k += (x * ((maps[b] as Map<number, number>).get(j) ?? 0)) / (l2[j] as number);
      const value = (s[a] as number) * (s[b] as number) * k + (a === b ? 1 : 0);
      m[a * n + b] = value;
      m[b * n + a] = value;
    }
  }
  const sxv = new Float64Array(n);
  rows.forEach((row, i) => {
    let sum = 0;
    for (const [j, x] of row) sum += x * (v[j] as number);
    sxv[i] = (s[i] as number) * sum;
  });
  const u = solve(m, sxv, n);
  const step = Float64Array.from(v);
  rows.forEach((row, i) => {
    const c = (s[i] as number) * (u[i] as number);
    for (const [j, x] of row) step[j] = (step[j] as number) - (x * c) / (l2[j] as number);
  });
  return step;
}

/** Solves H x = g for a symmetric positive definite H (Cholesky). */
function solve(h: Float64Array, g: Float64Array, n: number): Float64Array {
  const l = new Float64Array(n * n);
  for (let i = 0; i < n; i += 1) {
    for (let j = 0; j <= i; j += 1) {
      let sum = h[i * n + j] as number;
      for (let k = 0; k < j; k += 1) sum -= (l[i * n + k] as number) * (l[j * n + k] as number);
      l[i * n + j] = i === j ? Math.sqrt(Math.max(sum, 1e-12)) : sum / (l[j * n + j] as number);
    }
  }
  const x = new Float64Array(n);
  for (let i = 0; i < n; i += 1) {
    let sum = g[i] as number;
    for (let k = 0; k < i; k += 1) sum -= (l[i * n + k] as number) * (x[k] as number);
    x[i] = sum / (l[i * n + i] as number);
  }
  for (let i = n - 1; i >= 0; i -= 1) {
    let sum = x[i] as number;
    for (let k = i + 1; k < n; k += 1) sum -= (l[k * n + i] as number) * (x[k] as number);
    x[i] = sum / (l[i * n + i] as number);
  }
  return x;
}

/** One feature's share of a channel's correction of a score (logit units). */
export interface Adjustment {
  feature: string;
  change: number;
}

/** A topic's score as the channel's model corrects it, with each feature's share, largest first. */
export function adjustScore(model: ChannelModel, score: number, features: Features): { score: number; change: number; parts: Adjustment[] } {
  const parts: Adjustment[] = [];
  let change = 0;
  for (const [name, value] of Object.entries(features)) {
    const w = model.weights[name];
    if (w === undefined || value === 0) continue;
    change += w * value;
    parts.push({ feature: name, change: w * value });
  }
  if (parts.length === 0) return { score, change: 0, parts };
  parts.sort((a, b) => Math.abs(b.change) - Math.abs(a.change));
  // Votes come only from alerts: they say which alerts the channel does not want, and nothing of
  // the items it never saw. So the correction lowers a score or leaves it, never raises it: what
  // was marked relevant only protects items like it from the channel's "not for us".
  const applied = Math.min(0, change);
  return { score: applied === 0 ? score : sigmoid(logit(score) + applied), change: applied, parts };
}

/** Whether a model changes anything. */
export const hasLearned = (model: ChannelModel): boolean => Object.keys(model.weights).length > 0;
