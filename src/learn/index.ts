/**
 * Channels that learn: a per-channel correction of the topics' scores, fitted from the channel's
 * votes on its alerts, applied where the channel decides (src/route) and named by `/radar explain`.
 */
export { featuresOf, describeFeature, OFFSET_FEATURE, SCORE_FEATURE, type Features } from './features.ts';
export { voteWeights } from './person-weights.ts';
export { adjustScore, fitModel, hasLearned, EMPTY_MODEL, type Adjustment, type ChannelModel, type Example, type FitOptions } from './model.ts';
export { describeAdjustment, describeWeight, signed, topWeights } from './describe.ts';
export { createLearner, type Learner, type LearnerDeps, type VoteEvent } from './learner.ts';
