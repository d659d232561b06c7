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

/** The Latin spelling of a Cyrillic surname as a sheet would carry it (a few letters, as the tests use). */
export function transliterated(surname: string): string {
  const table: Record<string, string> = { ж: 'zh', ы: 'y', ш: 'sh' };
  return [...surname]
    .map((char) => {
      const lower = char.toLowerCase();
      const latin =
        table[lower] ??
        'abvgdezijklmnoprstufh'['абвгдезийклмнопрстуфх'.indexOf(lower)] ??
        (lower === 'ц' ? 'ts' : lower);
      return char === lower ? latin : latin.toUpperCase();
    })
    .join('');
}
