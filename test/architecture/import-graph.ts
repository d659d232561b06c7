import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

import ts from 'typescript';

/** One import of one source file: who imports, the specifier as written, and the file it reaches. */
export interface SourceImport {
  /** The importing file, relative to the repository root, with forward slashes. */
  from: string;
  specifier: string;
  /** The imported file, relative to the root; null for packages. `@cascade/x` resolves to libs/x/src/index.ts. */
  to: string | null;
  line: number;
}

/** Where a feature's files live: each folder directly below is one feature (a node of the graph). */
export const FEATURE_ROOTS = ['src/modules', 'src/infrastructure'];

const posix = (path: string) => path.split(sep).join('/');

function sourceFiles(root: string, dir: string): string[] {
  const full = join(root, dir);
  if (!existsSync(full)) return [];
  return readdirSync(full).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(join(root, path)).isDirectory()) return name === 'public' ? [] : sourceFiles(root, path);
    return name.endsWith('.ts') && !name.endsWith('.d.ts') ? [posix(path)] : [];
  });
}

function resolveSpecifier(root: string, from: string, specifier: string): string | null {
  const alias = /^@cascade\/([^/]+)$/.exec(specifier);
  if (alias) return `libs/${alias[1]}/src/index.ts`;
  if (!specifier.startsWith('.')) return null;
  const target = posix(relative(root, resolve(root, dirname(from), specifier)));
  return target.replace(/\.js$/, '.ts');
}

/** Every import (static, type-only, re-export, dynamic) of every .ts file below the given folders. */
export function importsUnder(root: string, dirs: string[]): SourceImport[] {
  return dirs.flatMap((dir) =>
    sourceFiles(root, dir).flatMap((from) => {
      const text = readFileSync(join(root, from), 'utf8');
      return ts.preProcessFile(text, true, true).importedFiles.map((file) => ({
        from,
        specifier: file.fileName,
        to: resolveSpecifier(root, from, file.fileName),
        line: text.slice(0, file.pos).split('\n').length,
      }));
    }),
  );
}

/** The feature a file belongs to (`src/modules/events`), or null outside the feature folders. */
export function featureOf(path: string): string | null {
  for (const featureRoot of FEATURE_ROOTS) {
    const match = new RegExp(`^${featureRoot}/([^/]+)/`).exec(path);
    if (match) return `${featureRoot}/${match[1]}`;
  }
  return null;
}

export const describeImport = (i: SourceImport) => `${i.from}:${i.line} imports '${i.specifier}'`;

/** Imports from one feature into another that do not go through the other's `index.ts`. */
export function internalImports(imports: SourceImport[]): SourceImport[] {
  return imports.filter((i) => {
    const from = featureOf(i.from);
    const to = i.to && featureOf(i.to);
    return from !== null && to !== null && from !== to && i.to !== `${to}/index.ts`;
  });
}

/** The feature → feature edges, each with the imports that make it. */
export function featureGraph(imports: SourceImport[]): Map<string, Map<string, SourceImport[]>> {
  const graph = new Map<string, Map<string, SourceImport[]>>();
  for (const i of imports) {
    const from = featureOf(i.from);
    const to = i.to && featureOf(i.to);
    if (!from || !to || from === to) continue;
    const edges = graph.get(from) ?? new Map<string, SourceImport[]>();
    edges.set(to, [...(edges.get(to) ?? []), i]);
    graph.set(from, edges);
  }
  return graph;
}

/** Every cycle between features, each once, as the list of features along it (first repeated last). */
export function featureCycles(graph: Map<string, Map<string, SourceImport[]>>): string[][] {
  const cycles = new Map<string, string[]>();
  const walk = (path: string[]) => {
    const last = path[path.length - 1];
    for (const next of graph.get(last)?.keys() ?? []) {
      const at = path.indexOf(next);
      if (at >= 0) {
        const cycle = path.slice(at);
        const start = cycle.indexOf([...cycle].sort()[0]);
        const canonical = [...cycle.slice(start), ...cycle.slice(0, start)];
        cycles.set(canonical.join(' → '), [...canonical, canonical[0]]);
      } else if (path.length < 50) {
        walk([...path, next]);
      }
    }
  };
  for (const start of graph.keys()) walk([start]);
  return [...cycles.values()];
}
