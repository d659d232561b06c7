import { existsSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The folder holding the pages' templates and assets. The source tree when there is one (development,
 * tests, `npm run demo`: templates are not compiled, so the source is the truth), else the build's copy
 * (the Docker image holds dist/ only; `npm run build` copies templates and assets beside the code).
 */
export function webRoot(cwd = process.cwd()): string {
  const source = join(cwd, 'src', 'web');
  return existsSync(join(source, 'layout', 'layout.eta')) ? source : join(cwd, 'dist', 'src', 'web');
}
