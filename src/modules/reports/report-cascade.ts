import { CASCADE_DEPTH_LIMIT } from '../trainers/index.js';
import type { CascadeCounts, ComputedCascade } from './reports.repository.js';
import { type ShownCount, suppressedCounts } from './suppression.js';

type Shown<T> = { [K in keyof T]: ShownCount };

/** The cascade section of a progress report, as the caller may see it. */
export interface ReportCascade {
  generations: (Shown<CascadeCounts> & { generation: number; suppressed: boolean })[];
  total: Shown<CascadeCounts> & { suppressed: boolean };
  /** Trainees reached (all generations) per generation-1 trainer; null when withheld or undefined. */
  multiplier: number | null;
  /** The multiplier is withheld because one of its inputs is suppressed (donors). */
  multiplierWithheld: boolean;
  depthLimit: number;
  depthLimitReached: boolean;
}

const MEASURES = ['trainers', 'events', 'trainees'] as const;

/**
 * The multiplier: the distinct trainees reached by the whole cascade (every generation, the
 * first's own trainees included) divided by the trainers of generation 1, to two decimals.
 */
export function multiplierOf(traineesReached: number, firstGenerationTrainers: number): number | null {
  return firstGenerationTrainers === 0 ? null : Math.round((traineesReached / firstGenerationTrainers) * 100) / 100;
}

/**
 * Exact for officers (`threshold` null). For donors each measure is suppressed over its
 * generations and total as the report's rows are (1..threshold reads "≤N"; where one generation
 * alone is hidden, the next-smallest is hidden too, null), and the multiplier is withheld unless
 * both its inputs are shown exactly.
 */
export function shownCascade(cascade: ComputedCascade, threshold: number | null): ReportCascade {
  const first = cascade.generations.find((generation) => generation.generation === 1)?.trainers ?? 0;
  const multiplier = multiplierOf(cascade.total.trainees, first);
  const base = { depthLimit: CASCADE_DEPTH_LIMIT, depthLimitReached: cascade.depthLimitReached };
  if (threshold === null) {
    return {
      generations: cascade.generations.map((generation) => ({ ...generation, suppressed: false })),
      total: { ...cascade.total, suppressed: false },
      multiplier,
      multiplierWithheld: false,
      ...base,
    };
  }

  const shown = Object.fromEntries(
    MEASURES.map((measure) => [
      measure,
      suppressedCounts(
        cascade.total[measure],
        cascade.generations.map((generation) => generation[measure]),
        threshold,
      ),
    ]),
  ) as Record<(typeof MEASURES)[number], ReturnType<typeof suppressedCounts>>;
  const exact = (value: ShownCount, original: number) => value === original;
  const generations = cascade.generations.map((generation, index) => {
    const counts = Object.fromEntries(
      MEASURES.map((measure) => [measure, shown[measure].parts[index]]),
    ) as Shown<CascadeCounts>;
    return {
      generation: generation.generation,
      ...counts,
      suppressed: MEASURES.some((measure) => !exact(counts[measure], generation[measure])),
    };
  });
  const total = Object.fromEntries(MEASURES.map((measure) => [measure, shown[measure].total])) as Shown<CascadeCounts>;
  const firstShown = generations.find((generation) => generation.generation === 1)?.trainers ?? 0;
  const withheld = multiplier !== null && !(exact(total.trainees, cascade.total.trainees) && exact(firstShown, first));
  return {
    generations,
    total: { ...total, suppressed: MEASURES.some((measure) => !exact(total[measure], cascade.total[measure])) },
    multiplier: withheld ? null : multiplier,
    multiplierWithheld: withheld,
    ...base,
  };
}
