/**
 * Follow-up: practice follow-up waves after a training, through personal links sent by e-mail.
 * The feature's public face: other features import from this file only, never its other files.
 */
export { FollowUpModule } from './follow-up.module.js';
export { FollowUpProcessor } from './follow-up.processor.js';
export type { CheckedFollowUpAnswer, FollowUpAnswerInput } from './follow-up-answer-check.js';
export { FollowUpErrorCode, FollowUpFieldCode } from './follow-up-error-code.js';
export { type FollowUpForm, FollowUpLinksService, LINK_DAYS, type LinkState } from './follow-up-links.service.js';
export { COMMENT_MAX, COUNT_MAX, type FollowUpQuestion } from './follow-up-questions.js';
export {
  type FollowUpEventProgress,
  type FollowUpEventTracking,
  type FollowUpPerson,
  type FollowUpPersonProgress,
  type FollowUpSchedule,
  FollowUpTrackingService,
  type FollowUpWaveTracking,
} from './follow-up-tracking.service.js';
export { type FollowUpRun, FollowUpWavesService, REMINDER_DAYS } from './follow-up-waves.service.js';
