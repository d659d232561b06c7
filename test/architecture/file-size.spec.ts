import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

/** A file longer than this is split by what it does (a page area, a step of a flow, a fixture's data). */
const MAX_LINES = 400;

const ROOT = resolve(__dirname, '..', '..');
/** Where the project's own code lives: the app, the shared libs, tests, benchmarks, migrations, types. */
const FOLDERS = ['src', 'libs', 'test', 'bench', 'migrations', 'types'];
const SOURCE = /\.(ts|js|mjs|cjs)$/;

/**
 * Files allowed to be longer, each with its reason. Only data: text a person translates or pairs a
 * test reads, never logic.
 */
const ALLOWED: Record<string, string> = {
  // Every text of the app in one language: one file a translator owns, checked for completeness.
  'libs/i18n/src/locales/en.ts': 'locale file',
  'libs/i18n/src/locales/ru.ts': 'locale file',
  'libs/i18n/src/locales/ky.ts': 'locale file',
  'libs/i18n/src/locales/tg.ts': 'locale file',
  'libs/i18n/src/locales/uk.ts': 'locale file',
};

function sourceFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sourceFiles(path);
    return SOURCE.test(entry.name) ? [path] : [];
  });
}

const lineCount = (path: string) => readFileSync(path, 'utf8').replace(/\n$/, '').split('\n').length;

describe('source file size', () => {
  const files = FOLDERS.flatMap((folder) => sourceFiles(join(ROOT, folder))).map((path) => ({
    name: relative(ROOT, path).split('\\').join('/'),
    lines: lineCount(path),
  }));

  it('finds the project’s files', () => {
    expect(files.map((file) => file.name)).toEqual(
      expect.arrayContaining(['src/main.ts', 'libs/i18n/src/locales/en.ts', 'test/architecture/file-size.spec.ts']),
    );
  });

  it(`keeps every source file at ${MAX_LINES} lines or fewer, locale files excepted`, () => {
    const tooLong = files
      .filter((file) => file.lines > MAX_LINES && !(file.name in ALLOWED))
      .map((file) => `${file.name}: ${file.lines} lines`);
    expect(tooLong).toEqual([]);
  });

  it('lists only files that exist and are long', () => {
    const stale = Object.keys(ALLOWED).filter(
      (name) => !files.some((file) => file.name === name && file.lines > MAX_LINES),
    );
    expect(stale).toEqual([]);
  });
});
