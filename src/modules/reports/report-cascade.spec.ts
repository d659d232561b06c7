import { multiplierOf, shownCascade } from './report-cascade.js';

type Counts = [trainers: number, events: number, trainees: number, certified: number];

const cascade = (generations: Counts[], total: Counts) => ({
  generations: generations.map(([trainers, events, trainees, certified], index) => ({
    generation: index + 1,
    trainers,
    events,
    trainees,
    certified,
  })),
  total: { trainers: total[0], events: total[1], trainees: total[2], certified: total[3] },
  depthLimitReached: false,
});

describe('the cascade section', () => {
  it('defines the multiplier as trainees reached per first-generation trainer, to two decimals', () => {
    expect(multiplierOf(20, 3)).toBe(6.67);
    expect(multiplierOf(0, 2)).toBe(0);
    expect(multiplierOf(5, 0)).toBeNull();
  });

  it('is exact for officers', () => {
    const shown = shownCascade(
      cascade(
        [
          [2, 3, 12, 2],
          [4, 1, 9, 3],
        ],
        [6, 4, 20, 5],
      ),
      null,
    );
    expect(shown.generations[1]).toEqual({
      generation: 2,
      trainers: 4,
      events: 1,
      trainees: 9,
      certified: 3,
      suppressed: false,
    });
    expect(shown).toMatchObject({ multiplier: 10, multiplierWithheld: false, total: { trainers: 6, trainees: 20 } });
  });

  it('shows donors each count as 0, ≤5 or rounded to 10, and the multiplier of the shown figures', () => {
    const shown = shownCascade(
      cascade(
        [
          [8, 3, 34, 8],
          [12, 7, 41, 14],
          [3, 0, 0, 0],
        ],
        [23, 10, 66, 22],
      ),
      5,
    );
    expect(shown.generations.map((generation) => generation.trainers)).toEqual([10, 10, '≤5']);
    expect(shown.generations.map((generation) => generation.events)).toEqual(['≤5', 10, 0]);
    expect(shown.generations.map((generation) => generation.trainees)).toEqual([30, 40, 0]);
    expect(shown.generations.map((generation) => generation.certified)).toEqual([10, 10, 0]);
    expect(shown.total).toEqual({ trainers: 20, events: 10, trainees: 70, certified: 20, suppressed: false });
    expect(shown.generations.map((generation) => generation.suppressed)).toEqual([true, false, true]);
    expect(shown).toMatchObject({ multiplier: 7, multiplierWithheld: false });
  });

  it('withholds the multiplier from donors when generation 1 is small', () => {
    const shown = shownCascade(cascade([[4, 6, 30, 4]], [4, 6, 66, 4]), 5);
    expect(shown).toMatchObject({ multiplier: null, multiplierWithheld: true });
    const none = shownCascade(cascade([], [0, 0, 0, 0]), 5);
    expect(none).toMatchObject({ generations: [], multiplier: null, multiplierWithheld: false });
  });
});
