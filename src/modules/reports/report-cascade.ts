import { CASCADE_DEPTH_LIMIT } from '../trainers/index.js';
import type { CascadeCounts, ComputedCascade } from './reports.repository.js';
import { donorCount, type ShownCount } from './suppression.js';

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

const MEASURES = ['trainers', 'events', 'trainees', 'certified'] as const;

/**
 * The multiplier: the distinct trainees reached by the whole cascade (every generation, the
 * first's own trainees included) divided by the trainers of generation 1, to two decimals.
 */
export function multiplierOf(traineesReached: number, firstGenerationTrainers: number): number | null {
  return firstGenerationTrainers === 0 ? null : Math.round((traineesReached / firstGenerationTrainers) * 100) / 100;
}

/**
 * Exact for officers (`threshold` null). For donors every count goes through `donorCount` as the
 * report's rows do (0, "≤N", or rounded to the base), so a generation subtracted from the total or
 * from another period's never gives 1..threshold; the multiplier is computed from the shown
 * figures, and withheld unless both are numbers.
 */
export function shownCascade(cascade: ComputedCascade, threshold: number | null): ReportCascade {
  const first = cascade.generations.find((generation) => generation.generation === 1)?.trainers ?? 0;
  const base = { depthLimit: CASCADE_DEPTH_LIMIT, depthLimitReached: cascade.depthLimitReached };
  if (threshold === null) {
    return {
      generations: cascade.generations.map((generation) => ({ ...generation, suppressed: false })),
      total: { ...cascade.total, suppressed: false },
      multiplier: multiplierOf(cascade.total.trainees, first),
      multiplierWithheld: false,
      ...base,
    };
  }

  const shownCounts = (counts: CascadeCounts) =>
    Object.fromEntries(
      MEASURES.map((measure) => [measure, donorCount(counts[measure], threshold)]),
    ) as Shown<CascadeCounts>;
  const hidden = (counts: Shown<CascadeCounts>) => MEASURES.some((measure) => typeof counts[measure] !== 'number');
  const generations = cascade.generations.map((generation) => {
    const counts = shownCounts(generation);
    return { generation: generation.generation, ...counts, suppressed: hidden(counts) };
  });
  const total = shownCounts(cascade.total);
  const firstShown = generations.find((generation) => generation.generation === 1)?.trainers ?? 0;
  const withheld = first > 0 && !(typeof total.trainees === 'number' && typeof firstShown === 'number');
  return {
    generations,
    total: { ...total, suppressed: hidden(total) },
    multiplier: withheld ? null : multiplierOf(Number(total.trainees), Number(firstShown)),
    multiplierWithheld: withheld,
    ...base,
  };
}
