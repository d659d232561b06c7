import { Indicator } from './indicators.js';
import { ReportView as V } from './report-views.js';
import type { Source } from './state-indicators.js';

type PracticeIndicator = Indicator.PracticeShare | Indicator.PracticeCases | Indicator.PracticeResponseRate;

/**
 * The practice figures from the follow-up waves, each one aggregate over the events held in the
 * period (`held`), like the feedback figures: read without who answered, so never broken down by
 * the trainee.
 */
export const PRACTICE_SOURCES: Record<PracticeIndicator, Source> = {
  [Indicator.PracticeShare]: {
    from: `${V.FollowUpAnswers} p JOIN held e ON e.id = p.event_id`,
    date: 'e.end_date',
    sex: null,
    trainee: null,
    actual: 'round(100.0 * count(*) FILTER (WHERE p.cases >= 1) / NULLIF(count(*), 0), 1)',
    n: 'count(*)',
  },
  [Indicator.PracticeCases]: {
    from: `${V.FollowUpAnswers} p JOIN held e ON e.id = p.event_id`,
    date: 'e.end_date',
    sex: null,
    trainee: null,
    actual: 'coalesce(sum(p.cases), 0)::bigint',
    n: 'NULL::bigint',
  },
  [Indicator.PracticeResponseRate]: {
    from: `${V.FollowUpEvents} p JOIN held e ON e.id = p.event_id`,
    date: 'e.end_date',
    sex: null,
    trainee: null,
    actual: 'round(100.0 * sum(p.answers) / NULLIF(sum(p.asked), 0), 1)',
    n: 'sum(p.asked)::bigint',
  },
};
