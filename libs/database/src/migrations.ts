import type { DataSource, Migration } from 'typeorm';

// Any fixed number: it only has to be the same for every Cascade process sharing a database.
const MIGRATION_LOCK = 4_207_311;

/**
 * Applies pending migrations while holding an advisory lock, so an API, a worker and a
 * migrate job starting together apply each migration once.
 */
export async function runPendingMigrations(dataSource: DataSource): Promise<Migration[]> {
  const lockRunner = dataSource.createQueryRunner();
  await lockRunner.connect();
  try {
    await lockRunner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    return await dataSource.runMigrations({ transaction: 'each' });
  } finally {
    await lockRunner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    await lockRunner.release();
  }
}

/** The SQL a freshly generated migration would contain: empty when entities and migrations agree. */
export async function pendingSchemaChanges(dataSource: DataSource): Promise<{ up: string[]; down: string[] }> {
  const log = await dataSource.driver.createSchemaBuilder().log();
  return { up: log.upQueries.map((q) => q.query), down: log.downQueries.map((q) => q.query) };
}
