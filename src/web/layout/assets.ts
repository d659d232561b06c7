import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The URL prefix of the pages' static files. */
export const ASSETS_PREFIX = '/assets/';

/**
 * Asset URLs carrying a hash of the file's content: a changed file gets a new URL, so browsers may
 * keep every asset for a year without ever running an old script.
 */
export class AssetUrls {
  private readonly versions = new Map<string, string>();

  constructor(readonly folder: string) {
    for (const name of readdirSync(folder)) {
      const hash = createHash('sha256')
        .update(readFileSync(join(folder, name)))
        .digest('hex')
        .slice(0, 10);
      this.versions.set(name, hash);
    }
  }

  url(name: string): string {
    const version = this.versions.get(name);
    if (!version) throw new Error(`No web asset named ${name} in ${this.folder}`);
    return `${ASSETS_PREFIX}${name}?v=${version}`;
  }

  /** One hash of every asset: changes whenever one of them does. */
  version(): string {
    return createHash('sha256')
      .update([...this.versions].join(','))
      .digest('hex')
      .slice(0, 12);
  }

  /** Every asset's URL: what the service worker keeps for offline use. */
  all(): string[] {
    return [...this.versions.keys()].filter((name) => name !== 'sw.js').map((name) => this.url(name));
  }
}
