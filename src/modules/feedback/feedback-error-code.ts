/** Refusals the feedback feature answers with (errors.<code>). */
export enum FeedbackErrorCode {
  /** 404: no link has this token (mistyped, or the trainee withdrew consent). */
  FeedbackLinkUnknown = 'feedback_link_unknown',
  /** 409: the event's feedback has closed; nothing is written. */
  FeedbackClosed = 'feedback_closed',
  /** 409: the event has not reached its last day yet. */
  FeedbackNotOpen = 'feedback_not_open',
}

/** Per-field codes (validation.<code>, 400). */
export enum FeedbackFieldCode {
  RatingRequired = 'feedback_rating_required',
  RatingInvalid = 'feedback_rating_invalid',
  TextTooLong = 'feedback_text_too_long',
  ClosingBeforeEnd = 'feedback_closing_before_end',
  DateInvalid = 'feedback_date_invalid',
}
