/** The indicators a progress report computes (DOMAIN.md: PEPFAR/USAID-style in-service training ones). */
export enum Indicator {
  CompletedIndividuals = 'completed_individuals',
  Certified = 'certified',
  EventsHeld = 'events_held',
  SessionsDelivered = 'sessions_delivered',
  AttendanceRate = 'attendance_rate',
  ActiveNationalTrainers = 'active_national_trainers',
  MeanPreScore = 'mean_pre_score',
  MeanPostScore = 'mean_post_score',
  MeanKnowledgeGain = 'mean_knowledge_gain',
  /** The trainees' overall rating of the event, 1–5 (n: answers). Anonymous: never broken down by person. */
  MeanFeedbackRating = 'mean_feedback_rating',
  /** Feedback answers over the enrollees still enrolled, % (n: enrolled). */
  FeedbackResponseRate = 'feedback_response_rate',
  /** Certificates valid at the period's end (at each year's or quarter's end when broken down so). */
  ValidCertificates = 'valid_certificates',
  /** The country's trainers certified at the period's end (each year's or quarter's end likewise). */
  CertifiedTrainers = 'certified_trainers',
  /**
   * Of the follow-up answers (completers answering a wave), those reporting at least one case
   * handled following the Istanbul Protocol, % (n: answers). Never broken down by person.
   */
  PracticeShare = 'practice_share',
  /** Cases reported in follow-up answers: evaluations documented following the Protocol, or cases where such evidence was used. */
  PracticeCases = 'practice_cases',
  /** Follow-up answers over the completers asked in a wave, % (n: asked). */
  PracticeResponseRate = 'practice_response_rate',
}

/** What a report's rows are broken down by. */
export enum Breakdown {
  None = 'none',
  Year = 'year',
  Quarter = 'quarter',
  Region = 'region',
  Profession = 'profession',
  Sex = 'sex',
  OrganizationType = 'organization_type',
}

/** The dimensions a target may be set for besides the country's total. */
export enum TargetDimension {
  Sex = 'sex',
  Profession = 'profession',
}

/** Breakdowns a donor may ask for: the finer ones would single people out in small countries. */
export const DONOR_BREAKDOWNS: readonly Breakdown[] = [
  Breakdown.None,
  Breakdown.Year,
  Breakdown.Quarter,
  Breakdown.Sex,
];

/** Indicators that count people or things; the rest are means and rates, each with its n. */
export const COUNT_INDICATORS: readonly Indicator[] = [
  Indicator.CompletedIndividuals,
  Indicator.Certified,
  Indicator.EventsHeld,
  Indicator.SessionsDelivered,
  Indicator.ActiveNationalTrainers,
  Indicator.ValidCertificates,
  Indicator.CertifiedTrainers,
  Indicator.PracticeCases,
];

/**
 * Indicators read at the end of a period, not summed over it: broken down by year or quarter, each
 * cell is the state at that year's or quarter's end (the period's end for the last one).
 */
export const STATE_INDICATORS: readonly Indicator[] = [Indicator.ValidCertificates, Indicator.CertifiedTrainers];

export const isCountIndicator = (indicator: Indicator): boolean => COUNT_INDICATORS.includes(indicator);

/** Indicators about trainees: every breakdown applies to them. */
const TRAINEE_INDICATORS: readonly Indicator[] = [
  Indicator.CompletedIndividuals,
  Indicator.Certified,
  Indicator.AttendanceRate,
  Indicator.MeanPreScore,
  Indicator.MeanPostScore,
  Indicator.MeanKnowledgeGain,
  Indicator.ValidCertificates,
];

/** Indicators about trainers, broken down by the trainer's sex. */
const TRAINER_INDICATORS: readonly Indicator[] = [Indicator.ActiveNationalTrainers, Indicator.CertifiedTrainers];

/**
 * Whether an indicator can be broken down so: time applies to all, place to all but certified
 * trainers (through the event; a certification belongs to no event), sex to trainees and
 * trainers, profession and organisation type to trainees only.
 */
export function breakdownApplies(indicator: Indicator, breakdown: Breakdown): boolean {
  switch (breakdown) {
    case Breakdown.None:
    case Breakdown.Year:
    case Breakdown.Quarter:
      return true;
    case Breakdown.Region:
      return indicator !== Indicator.CertifiedTrainers;
    case Breakdown.Sex:
      return TRAINEE_INDICATORS.includes(indicator) || TRAINER_INDICATORS.includes(indicator);
    case Breakdown.Profession:
    case Breakdown.OrganizationType:
      return TRAINEE_INDICATORS.includes(indicator);
  }
}
