/** Refusals the follow-up feature answers with (errors.<code>). */
export enum FollowUpErrorCode {
  /** 404: no link has this token (mistyped, or the trainee withdrew consent). */
  FollowUpLinkUnknown = 'follow_up_link_unknown',
  /** 410: the link's time to answer is over; nothing is written. */
  FollowUpLinkExpired = 'follow_up_link_expired',
  /** 409: this wave was already answered (one answer per wave); nothing is written. */
  FollowUpAnswered = 'follow_up_answered',
}

/** Per-field codes (validation.<code>, 400). */
export enum FollowUpFieldCode {
  AnswerRequired = 'follow_up_answer_required',
  CountInvalid = 'follow_up_count_invalid',
  ChoiceInvalid = 'follow_up_choice_invalid',
  CommentTooLong = 'follow_up_comment_too_long',
  ChannelInvalid = 'follow_up_channel_invalid',
}
