import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

import ts from 'typescript';

const ROOT = resolve(__dirname, '..');
const MIGRATIONS = join(ROOT, 'migrations');

/** Every module a file names: static imports and re-exports, `import()` and `require()`. */
function importedModules(fileName: string, text: string): string[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (
      (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) &&
      node.moduleSpecifier &&
      ts.isStringLiteral(node.moduleSpecifier)
    ) {
      found.push(node.moduleSpecifier.text);
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      const expression = node.moduleReference.expression;
      if (ts.isStringLiteral(expression)) found.push(expression.text);
    } else if (
      ts.isCallExpression(node) &&
      (node.expression.kind === ts.SyntaxKind.ImportKeyword ||
        (ts.isIdentifier(node.expression) && node.expression.text === 'require'))
    ) {
      const [argument] = node.arguments;
      // A computed module name cannot be checked: it counts as a breach.
      found.push(argument && ts.isStringLiteralLike(argument) ? argument.text : '<computed>');
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** Why a migration may not name this module, or null: it reaches today's code in src/ or libs/. */
function breach(fromFile: string, specifier: string): string | null {
  if (specifier === '<computed>') return 'a module name computed at run time';
  if (specifier.startsWith('@cascade/')) return `${specifier} (libs/)`;
  if (!specifier.startsWith('.')) return null; // packages (typeorm) are pinned by the lock file
  const target = relative(ROOT, resolve(dirname(fromFile), specifier));
  return target.split(sep)[0] === 'migrations' ? null : target;
}

describe('migrations are frozen', () => {
  it('no file in migrations/ imports from src/ or libs/', () => {
    const breaches = readdirSync(MIGRATIONS)
      .filter((name) => name.endsWith('.ts'))
      .flatMap((name) => {
        const file = join(MIGRATIONS, name);
        return importedModules(file, readFileSync(file, 'utf8'))
          .map((specifier) => breach(file, specifier))
          .filter((reason): reason is string => reason !== null)
          .map((reason) => `migrations/${name} imports ${reason}`);
      });
    expect(breaches).toEqual([]);
  });

  it('finds each way a file can import, so the check above can fail', () => {
    const file = join(MIGRATIONS, '1795470000000-Example.ts');
    const text = [
      `import { nameKeyOf } from '../src/modules/duplicates/name-key.js';`,
      `import type { AuthUser } from '@cascade/auth';`,
      `export { transliterate } from '../libs/common/src/transliterate.js';`,
      `const later = () => import('../src/data-source.js');`,
      `import { Table } from 'typeorm';`,
      `import { frozen } from './1795452106064-name-key-of-that-day.js';`,
    ].join('\n');
    const reasons = importedModules(file, text).map((specifier) => breach(file, specifier));
    expect(reasons).toEqual([
      'src/modules/duplicates/name-key.js',
      '@cascade/auth (libs/)',
      'libs/common/src/transliterate.js',
      'src/data-source.js',
      null,
      null,
    ]);
  });
});
