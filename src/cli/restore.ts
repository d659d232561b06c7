import 'reflect-metadata';

import { loadEnvironment } from '@cascade/config';

import { resolveDatabase, runMain, StartupError } from '../bootstrap.js';
import { BackupError, restoreBackup } from './backup-archive.js';

const USAGE = 'Usage: npm run restore -- <file.tar.gz> [--force]  (--force replaces everything the database holds)';

/** `npm run restore`: loads an archive made by `npm run backup` into an empty database. */
runMain(async () => {
  const args = process.argv.slice(2);
  const force = args.includes('--force');
  const files = args.filter((arg) => arg !== '--force');
  if (files.length !== 1 || files[0].startsWith('-')) throw new StartupError(USAGE);
  const env = loadEnvironment();
  const database = await resolveDatabase(env, (line) => process.stderr.write(`${line}\n`));
  try {
    const { manifest, appliedAfter } = await restoreBackup(database.url, files[0], { force });
    const rows = manifest.tables.reduce((sum, table) => sum + table.rows, 0);
    console.log(
      `Restored ${manifest.tables.length} tables and ${rows} rows ` +
        `from the backup of ${manifest.createdAt}` +
        (appliedAfter.length ? `; then applied ${appliedAfter.join(', ')}.` : '.'),
    );
  } catch (error) {
    throw error instanceof BackupError ? new StartupError(error.message) : error;
  } finally {
    await database.stop();
  }
  process.exit(0);
});
