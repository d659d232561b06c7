/** Refusals the reports module answers with (errors.<code>). */
export enum ReportsErrorCode {
  /** 403: a donor asked for a breakdown fine enough to single people out. */
  BreakdownNotForDonors = 'breakdown_not_for_donors',
  /** 410: a report export past its EXPORT_RETENTION_DAYS; its file is deleted. */
  ExportExpired = 'export_expired',
}

/** Per-field codes (validation.<code>, 400) the reports module answers with. */
export enum ReportsFieldCode {
  UnknownCountry = 'unknown_country',
  CountryOutOfScope = 'country_out_of_scope',
  PeriodReversed = 'period_reversed',
  PeriodTooLong = 'period_too_long',
  BreakdownValueInvalid = 'breakdown_value_invalid',
  BreakdownValueUnexpected = 'breakdown_value_unexpected',
  /** A donor's period is not a year, a quarter or a year to a quarter's end. */
  PeriodNotForDonors = 'period_not_for_donors',
  /** A target for a count (people, events) with a fraction. */
  TargetNotWhole = 'target_not_whole',
  /** A target for a rate or a mean score above 100 %. */
  TargetNotPercentage = 'target_not_percentage',
}
