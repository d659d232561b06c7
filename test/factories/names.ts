import { randomInt } from 'node:crypto';

const SYLLABLES = ['ба', 'ку', 'ты', 'мо', 'ре', 'жа', 'ну', 'ли', 'со', 'ды', 'ка', 'го', 'шу', 'на', 'ри'];

/**
 * A surname nobody else in the run is likely to have, written in Cyrillic so its name key is a
 * real one: searches and duplicate checks then meet only the test's own trainees.
 */
export const uniqueSurname = (): string =>
  `${Array.from({ length: 4 }, () => SYLLABLES[randomInt(SYLLABLES.length)]).join('')}ов`.replace(/^./, (c) =>
    c.toUpperCase(),
  );
