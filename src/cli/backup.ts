import 'reflect-metadata';

import { loadEnvironment } from '@cascade/config';

import { resolveDatabase, runMain, StartupError } from '../bootstrap.js';
import { BackupError, createBackup } from './backup-archive.js';

const USAGE = 'Usage: npm run backup [-- <file.tar.gz>]  (default: backups/cascade-<date and time>.tar.gz)';

/** `npm run backup`: a consistent snapshot of the configured (or embedded) database in one archive. */
runMain(async () => {
  const args = process.argv.slice(2);
  if (args.length > 1 || args[0]?.startsWith('-')) throw new StartupError(USAGE);
  const file = args[0] ?? `backups/cascade-${new Date().toISOString().replace(/[:.]/g, '-')}.tar.gz`;
  const env = loadEnvironment();
  const database = await resolveDatabase(env, (line) => process.stderr.write(`${line}\n`));
  try {
    const { file: written, manifest } = await createBackup(database.url, file);
    const rows = manifest.tables.reduce((sum, table) => sum + table.rows, 0);
    console.log(
      `Wrote ${written}: ${manifest.tables.length} tables, ${rows} rows, ` + `schema at ${manifest.migrations.at(-1)}.`,
    );
  } catch (error) {
    throw error instanceof BackupError ? new StartupError(error.message) : error;
  } finally {
    await database.stop();
  }
  process.exit(0);
});
