import { multiplierOf, shownCascade } from './report-cascade.js';

const cascade = (generations: [number, number, number][], total: [number, number, number]) => ({
  generations: generations.map(([trainers, events, trainees], index) => ({
    generation: index + 1,
    trainers,
    events,
    trainees,
  })),
  total: { trainers: total[0], events: total[1], trainees: total[2] },
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
          [2, 3, 12],
          [4, 1, 9],
        ],
        [6, 4, 20],
      ),
      null,
    );
    expect(shown.generations[1]).toEqual({ generation: 2, trainers: 4, events: 1, trainees: 9, suppressed: false });
    expect(shown).toMatchObject({ multiplier: 10, multiplierWithheld: false, total: { trainers: 6, trainees: 20 } });
  });

  it('hides small generations for donors, a second one where the total would give it away, and withholds the multiplier', () => {
    const shown = shownCascade(
      cascade(
        [
          [8, 3, 30],
          [12, 7, 40],
          [3, 0, 0],
        ],
        [23, 10, 60],
      ),
      5,
    );
    // Trainers: 3 is small; with the total 23 shown, 8 (next smallest) is hidden too.
    expect(shown.generations.map((generation) => generation.trainers)).toEqual([null, 12, '≤5']);
    // Events: 3 is small and 10 is shown, so the 7 go too.
    expect(shown.generations.map((generation) => generation.events)).toEqual(['≤5', null, 0]);
    expect(shown.generations.map((generation) => generation.trainees)).toEqual([30, 40, 0]);
    expect(shown.total).toEqual({ trainers: 23, events: 10, trainees: 60, suppressed: false });
    expect(shown.generations.map((generation) => generation.suppressed)).toEqual([true, true, true]);
    // Generation 1's trainers are hidden: the multiplier (60 / 8) would give them away.
    expect(shown).toMatchObject({ multiplier: null, multiplierWithheld: true });
  });

  it('shows the multiplier to donors when both its inputs are shown', () => {
    const shown = shownCascade(
      cascade(
        [
          [6, 6, 30],
          [9, 8, 40],
        ],
        [15, 14, 66],
      ),
      5,
    );
    expect(shown).toMatchObject({ multiplier: 11, multiplierWithheld: false });
    const none = shownCascade(cascade([], [0, 0, 0]), 5);
    expect(none).toMatchObject({ generations: [], multiplier: null, multiplierWithheld: false });
  });
});
