/** Conflicts the events module answers with (errors.<code>, 409). */
export enum EventsErrorCode {
  StatusTransitionForbidden = 'status_transition_forbidden',
  TrainerBookingClash = 'trainer_booking_clash',
  SessionOverlap = 'session_overlap',
  EventFull = 'event_full',
  EventClosed = 'event_closed',
  AlreadyEnrolled = 'already_enrolled',
  EnrollmentCompleted = 'enrollment_completed',
}

/** Per-field codes (validation.<code>, 400) the events module answers with. */
export enum EventFieldCode {
  PeriodReversed = 'period_reversed',
  StartAfterEnd = 'start_after_end',
  EventTooLong = 'event_too_long',
  UnknownCourse = 'unknown_course',
  CourseInactive = 'course_inactive',
  CountryOutOfScope = 'country_out_of_scope',
  UnknownCountry = 'unknown_country',
  RegionNotInCountry = 'region_not_in_country',
  CapacityBelowEnrolled = 'capacity_below_enrolled',
  SessionsOutsideDates = 'sessions_outside_dates',
  SessionOutsideEvent = 'session_outside_event',
  TimeNotAfterStart = 'time_not_after_start',
  ModuleNotInCourse = 'module_not_in_course',
  OneLeadRequired = 'one_lead_required',
  DuplicateTrainer = 'duplicate_trainer',
  TrainerNotInCountry = 'trainer_not_in_country',
  TrainerInactive = 'trainer_inactive',
  TraineeNotInCountry = 'trainee_not_in_country',
  TraineeConsentWithdrawn = 'trainee_consent_withdrawn',
}
