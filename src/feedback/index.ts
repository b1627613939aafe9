/**
 * Feedback on alerts: votes and muted stories from buttons and `/radar feedback`, stored per
 * person, and handed to a `FeedbackListener` (the seam for learning).
 */
export { createFeedback, FEEDBACK_ACTIONS, UNKNOWN_ALERT, type AlertFeedback, type Feedback, type FeedbackAction, type FeedbackAnswer, type FeedbackDeps, type ItemFeedback } from './feedback.ts';
export { NO_FEEDBACK_LISTENER, type FeedbackListener, type VoteEvent } from './listener.ts';
