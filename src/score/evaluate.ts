/**
 * Ranking and decision metrics for labeled items (labels 0/1/2, relevant = label ≥ 1): ROC-AUC,
 * average precision, precision/recall/F1 of the alert decision, false-alert rate on label 0, and
 * ROC-AUC of "label 2 vs the rest". Used by `radar eval`, the fitting script and tests.
 */

/** One scored, labeled item. */
export interface Scored {
  score: number;
  alert: boolean;
  label: number;
}

/** The figures `radar eval` prints. NaN when undefined (e.g. no positives). */
export interface EvalFigures {
  n: number;
  relevant: number;
  rocAuc: number;
  averagePrecision: number;
  precision: number;
  recall: number;
  f1: number;
  /** Alerts on label-0 items / label-0 items. */
  falseAlertRate: number;
  /** ROC-AUC of label 2 against labels 0 and 1. */
  coreRocAuc: number;
}

/** ROC-AUC by the rank-sum (Mann–Whitney) formula, ties counted as half. */
export function rocAuc(scores: readonly number[], positive: readonly boolean[]): number {
  const order = scores.map((s, i) => ({ s, p: positive[i] === true })).sort((a, b) => a.s - b.s);
  let rankSum = 0;
  let pos = 0;
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j < order.length && order[j]?.s === order[i]?.s) j += 1;
    const midRank = (i + 1 + j) / 2;
    for (let k = i; k < j; k += 1) if (order[k]?.p) {
      rankSum += midRank;
      pos += 1;
    }
    i = j;
  }
  const neg = order.length - pos;
  if (pos === 0 || neg === 0) return NaN;
  return (rankSum - (pos * (pos + 1)) / 2) / (pos * neg);
}

/** Average precision (area under the precision–recall curve, step-wise; ties broken pessimistically). */
export function averagePrecision(scores: readonly number[], positive: readonly boolean[]): number {
  const order = scores.map((s, i) => ({ s, p: positive[i] === true })).sort((a, b) => b.s - a.s || Number(a.p) - Number(b.p));
  const total = order.filter((o) => o.p).length;
  if (total === 0) return NaN;
  let hits = 0;
  let sum = 0;
  order.forEach((o, i) => {
    if (o.p) {
      hits += 1;
      sum += hits / (i + 1);
    }
  });
  return sum / total;
}

/** Computes every figure for a list of scored items. */
export function evaluate(items: readonly Scored[]): EvalFigures {
  const scores = items.map((i) => i.score);
  const relevant = items.map((i) => i.label >= 1);
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let negatives = 0;
  let falseAlerts = 0;
  for (const item of items) {
    const isRelevant = item.label >= 1;
    if (item.alert && isRelevant) tp += 1;
    else if (item.alert) fp += 1;
    else if (isRelevant) fn += 1;
    if (item.label === 0) {
      negatives += 1;
      if (item.alert) falseAlerts += 1;
    }
  }
  const precision = tp + fp === 0 ? NaN : tp / (tp + fp);
  const recall = tp + fn === 0 ? NaN : tp / (tp + fn);
  const f1 = tp === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return {
    n: items.length,
    relevant: relevant.filter(Boolean).length,
    rocAuc: rocAuc(scores, relevant),
    averagePrecision: averagePrecision(scores, relevant),
    precision,
    recall,
    f1,
    falseAlertRate: negatives === 0 ? NaN : falseAlerts / negatives,
    coreRocAuc: rocAuc(scores, items.map((i) => i.label === 2)),
  };
}
