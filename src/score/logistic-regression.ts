/**
 * L2-regularised binary logistic regression over sparse vectors, fitted by L-BFGS with a
 * backtracking (Armijo) line search. It minimises
 *   Σᵢ ln(1 + exp(−yᵢ (w·xᵢ + b))) + (‖w‖² + b²) / (2C),   yᵢ ∈ {−1, +1},
 * from w = 0, b = 0, so a fit is deterministic. The intercept is regularised with the weights so
 * that a training set of one class still has a finite optimum.
 */
import type { SparseVector } from './tfidf.ts';

/** A fitted model: `probability(x)` is P(positive | x). */
export interface LogisticModel {
  readonly weights: Float64Array;
  readonly bias: number;
  probability(x: SparseVector): number;
}

export interface LogisticOptions {
  /** Inverse regularisation strength (larger fits the training set more closely). Default 1. */
  c?: number;
  /** Stop when no gradient component exceeds this. Default 1e-4. */
  tolerance?: number;
  /** Default 500. */
  maxIterations?: number;
}

/** ln(1 + exp(−m)) without overflow. */
function logLoss(margin: number): number {
  return margin > 0 ? Math.log1p(Math.exp(-margin)) : -margin + Math.log1p(Math.exp(margin));
}

function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

function dot(x: SparseVector, theta: Float64Array): number {
  let sum = 0;
  for (let k = 0; k < x.indices.length; k += 1) sum += (theta[x.indices[k] as number] as number) * (x.values[k] as number);
  return sum;
}

/**
 * The objective and its gradient at θ = (w₁ … w_size, b). Exported so that tests can check a fit
 * against it.
 */
export function logisticObjective(theta: Float64Array, xs: readonly SparseVector[], positive: readonly boolean[], c: number): { loss: number; gradient: Float64Array } {
  const size = theta.length - 1;
  const bias = theta[size] as number;
  const gradient = new Float64Array(theta.length);
  let loss = 0;
  xs.forEach((x, i) => {
    const y = positive[i] ? 1 : -1;
    const margin = y * (dot(x, theta) + bias);
    loss += logLoss(margin);
    // d/dz ln(1 + exp(−y z)) = −y σ(−y z)
    const r = -y * sigmoid(-margin);
    for (let k = 0; k < x.indices.length; k += 1) {
      const j = x.indices[k] as number;
      gradient[j] = (gradient[j] as number) + r * (x.values[k] as number);
    }
    gradient[size] = (gradient[size] as number) + r;
  });
  let squares = 0;
  for (let j = 0; j < theta.length; j += 1) {
    const t = theta[j] as number;
    squares += t * t;
    gradient[j] = (gradient[j] as number) + t / c;
  }
  return { loss: loss + squares / (2 * c), gradient };
}

function inner(a: Float64Array, b: Float64Array): number {
  let sum = 0;
  for (let j = 0; j < a.length; j += 1) sum += (a[j] as number) * (b[j] as number);
  return sum;
}

/** y += a·x */
function axpy(a: number, x: Float64Array, y: Float64Array): void {
  for (let j = 0; j < y.length; j += 1) y[j] = (y[j] as number) + a * (x[j] as number);
}

function maxAbs(a: Float64Array): number {
  let m = 0;
  for (let j = 0; j < a.length; j += 1) m = Math.max(m, Math.abs(a[j] as number));
  return m;
}

const HISTORY = 10;
const ARMIJO = 1e-4;

/** Fits the model on sparse vectors of `size` features with their classes. */
export function fitLogistic(xs: readonly SparseVector[], positive: readonly boolean[], size: number, options: LogisticOptions = {}): LogisticModel {
  const c = options.c ?? 1;
  const tolerance = options.tolerance ?? 1e-4;
  const maxIterations = options.maxIterations ?? 500;
  const objective = (t: Float64Array) => logisticObjective(t, xs, positive, c);

  let theta = new Float64Array(size + 1);
  let { loss, gradient } = objective(theta);
  const steps: Float64Array[] = [];
  const changes: Float64Array[] = [];
  const curvatures: number[] = []; // 1 / (y·s) of each stored pair
  for (let iteration = 0; iteration < maxIterations && maxAbs(gradient) > tolerance; iteration += 1) {
    // Two-loop recursion: direction = −H·gradient with H the L-BFGS inverse-Hessian estimate.
    const direction = new Float64Array(gradient.length);
    axpy(-1, gradient, direction);
    const alphas: number[] = [];
    for (let k = steps.length - 1; k >= 0; k -= 1) {
      const alpha = inner(steps[k] as Float64Array, direction) * (curvatures[k] as number);
      alphas[k] = alpha;
      axpy(-alpha, changes[k] as Float64Array, direction);
    }
    const last = steps.length - 1;
    const scale = last >= 0 ? 1 / ((curvatures[last] as number) * inner(changes[last] as Float64Array, changes[last] as Float64Array)) : 1 / Math.sqrt(inner(gradient, gradient));
    for (let j = 0; j < direction.length; j += 1) direction[j] = (direction[j] as number) * scale;
    for (let k = 0; k < steps.length; k += 1) {
      const beta = inner(changes[k] as Float64Array, direction) * (curvatures[k] as number);
      axpy((alphas[k] as number) - beta, steps[k] as Float64Array, direction);
    }

    const slope = inner(gradient, direction);
    if (!(slope < 0)) break; // not a descent direction: only rounding is left to gain
    let step = 1;
    let next = theta;
    let trial = { loss, gradient };
    for (let halvings = 0; halvings < 60; halvings += 1) {
      next = Float64Array.from(theta);
      axpy(step, direction, next);
      trial = objective(next);
      if (trial.loss <= loss + ARMIJO * step * slope) break;
      step /= 2;
    }
    if (!(trial.loss < loss)) break;

    const s = Float64Array.from(next);
    axpy(-1, theta, s);
    const y = Float64Array.from(trial.gradient);
    axpy(-1, gradient, y);
    // The curvature condition keeps the estimate positive definite; the loss is strictly convex,
    // so it fails only through rounding.
    const sy = inner(s, y);
    if (sy > 1e-12) {
      steps.push(s);
      changes.push(y);
      curvatures.push(1 / sy);
      if (steps.length > HISTORY) {
        steps.shift();
        changes.shift();
        curvatures.shift();
      }
    }
    theta = next;
    ({ loss, gradient } = trial);
  }

  const weights = theta.subarray(0, size);
  const bias = theta[size] as number;
  return { weights, bias, probability: (x) => sigmoid(dot(x, weights) + bias) };
}
