/**
 * Feedback: trainees' feedback at the end of an event, through personal links.
 * The feature's public face: other features import from this file only, never its other files.
 */
export type { FeedbackAnswerInput } from './dto/feedback-answer.input.js';
export { FeedbackModule } from './feedback.module.js';
export { FeedbackErrorCode, FeedbackFieldCode } from './feedback-error-code.js';
export { type FeedbackForm, FeedbackLinksService, type FeedbackSlip } from './feedback-links.service.js';
export { type EventFeedbackResults, type FeedbackMean, FeedbackResultsService } from './feedback-results.service.js';
export { newNonce, TOKEN_SHAPE, tokenHash, tokenOf } from './feedback-token.js';
export { DEFAULT_FEEDBACK_DAYS, FEEDBACK_TEXT_MAX, MIN_ANSWERS_SHOWN_TO_TRAINERS } from './feedback-window.js';
