import { join } from 'node:path';

import {
  describeImport,
  featureCycles,
  featureGraph,
  importsUnder,
  internalImports,
  type SourceImport,
} from './import-graph.js';

const root = join(__dirname, '..', '..');
const imports = importsUnder(root, ['src', 'libs']);

describe('the import graph', () => {
  it('is read from the sources: every feature folder and every lib is seen', () => {
    const files = new Set(imports.map((i) => i.from));
    expect(files).toContain('src/modules/trainees/trainees.service.ts');
    expect(files).toContain('src/infrastructure/jobs/jobs.service.ts');
    expect(files).toContain('libs/auth/src/index.ts');
    expect(imports.filter((i) => i.to === 'src/modules/events/index.ts').length).toBeGreaterThan(0);
  });

  it("lets a feature reach another feature only through that feature's index.ts", () => {
    expect(internalImports(imports).map(describeImport)).toEqual([]);
  });

  it('has no cycle between feature folders (src/modules/*, src/infrastructure/*)', () => {
    const graph = featureGraph(imports);
    const cycles = featureCycles(graph).map((cycle) => {
      const edges = cycle.slice(1).map((to, k) => describeImport(graph.get(cycle[k])!.get(to)![0]));
      return `${cycle.join(' → ')}: ${edges.join('; ')}`;
    });
    expect(cycles).toEqual([]);
  });

  it('never has libs/ import from src/', () => {
    const intoSrc = imports.filter((i) => i.from.startsWith('libs/') && i.to?.startsWith('src/'));
    expect(intoSrc.map(describeImport)).toEqual([]);
  });
});

describe('the import graph checks', () => {
  const edge = (from: string, to: string): SourceImport => ({ from, to, specifier: `(to ${to})`, line: 1 });

  it('catch an import of another feature’s internals, and accept its index.ts and the same feature', () => {
    const found = internalImports([
      edge('src/modules/events/events.service.ts', 'src/modules/certificates/certificates.service.ts'),
      edge('src/modules/events/events.service.ts', 'src/modules/trainers/index.ts'),
      edge('src/modules/trainees/trainees.service.ts', 'src/modules/trainees/duplicates/name-key.ts'),
      edge('src/modules/imports/import-runner.ts', 'src/infrastructure/jobs/jobs.service.ts'),
      edge('src/web/verify/verify.controller.ts', 'src/modules/certificates/certificates.service.ts'),
    ]);
    expect(found.map(describeImport)).toEqual([
      "src/modules/events/events.service.ts:1 imports '(to src/modules/certificates/certificates.service.ts)'",
      "src/modules/imports/import-runner.ts:1 imports '(to src/infrastructure/jobs/jobs.service.ts)'",
    ]);
  });

  it('catch a cycle between features, however long, once', () => {
    const graph = featureGraph([
      edge('src/modules/events/a.ts', 'src/modules/trainers/index.ts'),
      edge('src/modules/trainers/b.ts', 'src/modules/users/index.ts'),
      edge('src/modules/users/c.ts', 'src/modules/events/index.ts'),
      edge('src/modules/users/d.ts', 'src/modules/audit/index.ts'),
      edge('src/modules/audit/e.ts', 'src/modules/audit/f.ts'),
    ]);
    expect(featureCycles(graph)).toEqual([
      ['src/modules/events', 'src/modules/trainers', 'src/modules/users', 'src/modules/events'],
    ]);
  });
});
