import { DataSource } from 'typeorm';

import { pendingSchemaChanges } from '@cascade/database';

import { dataSourceOptions } from '../../src/data-source.js';
import { seedDemoData } from '../../src/demo/demo-data.js';
import { auditPolicyOf } from '../../src/modules/audit/audited.decorator.js';
import { migrate, testDatabaseUrl } from '../support/test-app.js';

describe('migrations', () => {
  let dataSource: DataSource;
  beforeAll(async () => {
    await migrate();
    dataSource = await new DataSource(dataSourceOptions(testDatabaseUrl())).initialize();
  });
  afterAll(() => dataSource.destroy());

  it('match the entities: a freshly generated migration would be empty', async () => {
    const { up } = await pendingSchemaChanges(dataSource);
    expect(up).toEqual([]);
  });

  it('leave no migration pending', async () => {
    expect(await dataSource.showMigrations()).toBe(false);
  });

  it('keep synchronize off', () => {
    expect(dataSource.options.synchronize).toBe(false);
  });
});

describe('every migration', () => {
  it('reverts down to an empty database and applies again', async () => {
    const name = `cascade_revert_${process.pid}`;
    const admin = await new DataSource(dataSourceOptions(testDatabaseUrl())).initialize();
    await admin.query(`DROP DATABASE IF EXISTS ${name}`);
    await admin.query(`CREATE DATABASE ${name}`);
    const scratch = await new DataSource(
      dataSourceOptions(testDatabaseUrl().replace(/\/[^/]+$/, `/${name}`)),
    ).initialize();
    try {
      const applied = await scratch.runMigrations();
      for (let i = 0; i < applied.length; i++) await scratch.undoLastMigration();
      const tables = await scratch.query<{ n: string }[]>(
        `SELECT count(*)::text AS n FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'migrations'`,
      );
      expect(tables[0].n).toBe('0');
      expect(await scratch.runMigrations()).toHaveLength(applied.length);
      expect((await pendingSchemaChanges(scratch)).up).toEqual([]);
    } finally {
      await scratch.destroy();
      await admin.query(`DROP DATABASE IF EXISTS ${name}`);
      await admin.destroy();
    }
  });
});

describe('demo data', () => {
  let dataSource: DataSource;
  beforeAll(async () => {
    await migrate();
    dataSource = await new DataSource(dataSourceOptions(testDatabaseUrl())).initialize();
  });
  afterAll(() => dataSource.destroy());

  it('is seeded once: a second run adds nothing', async () => {
    await seedDemoData(dataSource);
    const again = await seedDemoData(dataSource);
    expect(again).toEqual({ countriesAdded: 0, regionsAdded: 0, organizationsAdded: 0, usersAdded: 0 });
    const rows = await dataSource.query<{ code: string }[]>('SELECT code FROM countries ORDER BY code');
    expect(rows.map((r) => r.code)).toEqual(expect.arrayContaining(['KG', 'TJ', 'UA']));
  });
});

describe('audited entities', () => {
  let dataSource: DataSource;
  beforeAll(async () => {
    dataSource = await new DataSource(dataSourceOptions(testDatabaseUrl())).initialize();
  });
  afterAll(() => dataSource.destroy());

  it('keep their links in columns: a change to a many-to-many join table would escape the audit log', () => {
    const withJoinTables = dataSource.entityMetadatas
      .filter((metadata) => auditPolicyOf(metadata.target) && metadata.manyToManyRelations.length > 0)
      .map((metadata) => metadata.name);
    expect(withJoinTables).toEqual([]);
  });
});
