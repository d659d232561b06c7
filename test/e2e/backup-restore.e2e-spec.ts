import { randomUUID } from 'node:crypto';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import type { INestApplicationContext } from '@nestjs/common';
import pg from 'pg';

import { MIGRATIONS } from '../../migrations/index.js';
import { BackupError, createBackup, restoreBackup } from '../../src/cli/backup-archive.js';
import { DEMO_PASSWORD, seedDemoData } from '../../src/demo/demo-data.js';
import { CertificatesService } from '../../src/modules/certificates/certificates.service.js';
import { freePort } from '../global-setup.js';
import { bearer, signIn } from '../support/auth.js';
import { runScript, scratchFolder } from '../support/processes.js';
import {
  migrate,
  startTestApp,
  startTestWorker,
  type TestApp,
  testConfig,
  testDatabaseUrl,
} from '../support/test-app.js';

/** The schema the backup is taken at: the newest migration. */
const LATEST_MIGRATION = MIGRATIONS.at(-1)!.name;

const ADMIN = { email: 'admin@demo.cascade.test', password: DEMO_PASSWORD };

/** A database of its own on the test server, so a wipe touches nothing another test file uses. */
async function createDatabase(prefix: string): Promise<string> {
  const name = `${prefix}_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  const admin = new pg.Client({ connectionString: testDatabaseUrl() });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  return testDatabaseUrl().replace(/\/[^/]+$/, `/${name}`);
}

async function withClient<T>(url: string, run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

/** Rows per table of the public schema, the migrations table aside. */
const rowCounts = (url: string) =>
  withClient(url, async (client) => {
    const { rows: tables } = await client.query<{ name: string }>(
      `SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' AND tablename NOT IN ('migrations', 'typeorm_metadata') ORDER BY 1`,
    );
    const counts: Record<string, number> = {};
    for (const { name } of tables) {
      counts[name] = Number((await client.query<{ n: string }>(`SELECT count(*) AS n FROM "${name}"`)).rows[0].n);
    }
    return counts;
  });

describe('backup and restore', () => {
  let sourceUrl: string;
  let archive: string;
  let counts: Record<string, number>;
  let certificate: { id: string; code: string; pdf: Buffer };

  beforeAll(async () => {
    sourceUrl = await createDatabase('backup_source');
    await migrate(sourceUrl);
    const config = testConfig({}, sourceUrl);
    const app = await startTestApp(config);
    const worker: INestApplicationContext = await startTestWorker(config);
    try {
      const seeded = await seedDemoData(app.dataSource);
      const [admin] = await app.dataSource.query<{ id: string }[]>(`SELECT id FROM users WHERE email = $1`, [
        ADMIN.email,
      ]);
      await app.api.get(CertificatesService).eventCompleted(seeded.training.completedEventIds[0], admin.id);
      for (let attempt = 0; attempt < 300 && !certificate; attempt++) {
        [certificate] = await app.dataSource.query<{ id: string; code: string; pdf: Buffer }[]>(
          'SELECT id, code, pdf FROM certificates WHERE revoked_at IS NULL LIMIT 1',
        );
        if (!certificate) await new Promise((resolve) => setTimeout(resolve, 200));
      }
      if (!certificate) throw new Error('the worker issued no certificate in 60 s');
    } finally {
      await worker.close();
      await app.close();
    }
    counts = await rowCounts(sourceUrl);
    const folder = scratchFolder('cascade-backup-');
    archive = join(folder, 'nested', 'cascade.tar.gz');
  }, 180_000);

  it('writes one archive with a manifest of every table, its rows and the schema version', async () => {
    const { manifest } = await createBackup(sourceUrl, archive);
    expect(existsSync(archive)).toBe(true);
    expect(existsSync(`${archive}.partial`)).toBe(false);
    expect(Object.fromEntries(manifest.tables.map((t) => [t.name, t.rows]))).toEqual(counts);
    expect(counts.certificates).toBeGreaterThanOrEqual(1);
    expect(counts.audit_log).toBeGreaterThanOrEqual(1);
    expect(manifest.migrations.at(-1)).toBe(LATEST_MIGRATION);
    // Parents first: a certificate's enrollment is loaded before it.
    const order = manifest.tables.map((t) => t.name);
    expect(order.indexOf('enrollments')).toBeLessThan(order.indexOf('certificates'));
    expect(order.indexOf('users')).toBeLessThan(order.indexOf('refresh_tokens'));
  });

  it('refuses to restore over a database that holds data', async () => {
    await expect(restoreBackup(sourceUrl, archive)).rejects.toThrow(BackupError);
    await expect(restoreBackup(sourceUrl, archive)).rejects.toThrow(
      /^The database is not empty \(.* hold rows\): restore into a new database, or add --force/,
    );
    expect(await rowCounts(sourceUrl)).toEqual(counts);
  });

  it('refuses a file that is not a backup, touching nothing', async () => {
    const bogus = join(scratchFolder('cascade-bogus-'), 'bogus.tar.gz');
    writeFileSync(bogus, 'not an archive');
    const emptyUrl = await createDatabase('backup_bogus');
    await expect(restoreBackup(emptyUrl, bogus)).rejects.toThrow(/cannot be read as a Cascade backup/);
    expect(await rowCounts(emptyUrl)).toEqual({});
  });

  describe.each([
    ['a new, empty database', false],
    ['the same database, wiped by --force', true],
  ])('restored into %s', (_, force) => {
    let url: string;
    let app: TestApp;
    beforeAll(async () => {
      url = force ? sourceUrl : await createDatabase('backup_target');
      await restoreBackup(url, archive, { force });
      app = await startTestApp(testConfig({}, url));
    }, 120_000);
    afterAll(() => app.close());

    it('has the same rows in every table', async () => {
      expect(await rowCounts(url)).toEqual(counts);
    });

    it('still verifies the certificate, and serves its PDF as issued', async () => {
      const verified = await app.request({ method: 'GET', url: `/verify/${certificate.code}` });
      expect(verified.statusCode).toBe(200);
      expect(verified.json()).toMatchObject({ status: 'valid' });
      const admin = bearer((await signIn(app, ADMIN)).accessToken);
      const pdf = await app.request({ method: 'GET', url: `/certificates/${certificate.id}/pdf`, headers: admin });
      expect(pdf.statusCode).toBe(200);
      expect(pdf.rawPayload.equals(certificate.pdf)).toBe(true);
    });

    it('keeps the audit log append-only and its ids counting on from the restored ones', async () => {
      await withClient(url, async (client) => {
        await expect(client.query('DELETE FROM audit_log')).rejects.toThrow();
        const { rows } = await client.query<{ id: string; highest: string }>(
          `WITH added AS (INSERT INTO audit_log (action, entity_type, entity_id, changed_fields)
                          VALUES ('create', 'test', 'restore', '{}') RETURNING id)
           SELECT (SELECT id FROM added) AS id, (SELECT max(id) FROM audit_log) AS highest`,
        );
        expect(BigInt(rows[0].id)).toBeGreaterThan(BigInt(rows[0].highest));
      });
    });
  });

  it('runs from the command line, and says in one line why it refuses', async () => {
    const file = join(scratchFolder('cascade-cli-'), 'cli.tar.gz');
    const env = { DATABASE_URL: sourceUrl, LOG_LEVEL: 'silent' };
    const backup = await runScript('src/cli/backup.js', env, 60_000, [file]);
    expect(backup).toMatchObject({ code: 0, stderr: '' });
    expect(backup.stdout).toMatch(
      new RegExp(`^Wrote .*cli\\.tar\\.gz: \\d+ tables, \\d+ rows, schema at ${LATEST_MIGRATION}`),
    );

    const usage = await runScript('src/cli/restore.js', env);
    expect(usage.code).toBe(1);
    expect(usage.stderr).toMatch(/^Usage: npm run restore -- <file.tar.gz> \[--force\]/);

    const refused = await runScript('src/cli/restore.js', env, 60_000, [file]);
    expect(refused.code).toBe(1);
    expect(refused.stderr.trim()).toMatch(
      /^The database is not empty \(.*\): restore into a new database, or add --force/,
    );
    expect(refused.stderr).not.toMatch(/^\s+at /m);

    const target = await createDatabase('backup_cli');
    const restored = await runScript('src/cli/restore.js', { ...env, DATABASE_URL: target }, 120_000, [file]);
    expect(restored).toMatchObject({ code: 0, stderr: '' });
    expect(restored.stdout).toMatch(/^Restored \d+ tables and \d+ rows from the backup of /);
    expect(await rowCounts(target)).toEqual(await rowCounts(sourceUrl));
  }, 240_000);

  it('restores into, and backs up from, the embedded PostgreSQL when DATABASE_URL is unset', async () => {
    const folder = scratchFolder('cascade-embedded-');
    const embedded = {
      EMBEDDED_PG_DIR: join(folder, 'pg'),
      EMBEDDED_PG_PORT: String(await freePort()),
      LOG_LEVEL: 'silent',
    };
    const restored = await runScript('src/cli/restore.js', embedded, 180_000, [archive]);
    expect(restored.code).toBe(0);
    expect(restored.stderr).toMatch(/^No DATABASE_URL: using the embedded PostgreSQL in /);

    const again = join(folder, 'again.tar.gz');
    const backup = await runScript('src/cli/backup.js', embedded, 120_000, [again]);
    expect(backup.code).toBe(0);
    const rows = Object.values(counts).reduce((sum, n) => sum + n, 0);
    expect(backup.stdout).toContain(`${Object.keys(counts).length} tables, ${rows} rows, schema at`);
  }, 360_000);
});
