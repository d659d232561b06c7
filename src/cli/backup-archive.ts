import { createReadStream, createWriteStream, existsSync } from 'node:fs';
import { mkdir, mkdtemp, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';

import pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { extract as tarExtract, pack as tarPack } from 'tar-stream';
import { DataSource, type MigrationInterface } from 'typeorm';

import { runPendingMigrations } from '@cascade/database';

import { MIGRATIONS } from '../../migrations/index.js';
import { dataSourceOptions } from '../data-source.js';

/** What an archive holds, written first in it so a restore can check it before touching anything. */
export interface BackupManifest {
  format: 'cascade-backup';
  version: 1;
  createdAt: string;
  /** The server the snapshot was read from, e.g. "18.1". */
  serverVersion: string;
  /** Every migration applied to the database, in order: the schema the rows belong to. */
  migrations: string[];
  /** Every table, in an order where a row's foreign keys point to rows of earlier tables. */
  tables: { name: string; columns: string[]; rows: number; file: string }[];
  /** Each sequence's position, set again after the rows are loaded. */
  sequences: { name: string; lastValue: string | null }[];
}

/** A refusal a person can act on: printed as one line by the CLI. */
export class BackupError extends Error {
  override name = 'BackupError';
}

// Filled by migrations themselves, never copied: a restore runs the migrations instead.
const MIGRATION_TABLES = new Set(['migrations', 'typeorm_metadata']);
const MANIFEST = 'manifest.json';

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;
const migrationName = (migration: new () => MigrationInterface): string => new migration().name ?? migration.name;

export interface BackupResult {
  file: string;
  manifest: BackupManifest;
}

/**
 * Writes a consistent snapshot of the database to one gzipped tar: every row of every
 * application table as of one moment (one REPEATABLE READ, READ ONLY transaction, each table
 * through COPY … TO STDOUT — certificate PDFs, import uploads and report exports included, as they
 * are kept in the database), the migrations applied and the sequences.
 * The archive appears under its name only once complete.
 */
export async function createBackup(databaseUrl: string, file: string): Promise<BackupResult> {
  const target = resolve(file);
  await mkdir(dirname(target), { recursive: true });
  const scratch = await mkdtemp(join(dirname(target), '.cascade-backup-'));
  const client = new pg.Client({ connectionString: databaseUrl, application_name: 'cascade-backup' });
  await client.connect();
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const tables = await tablesInLoadOrder(client);
    const migrations = (await hasMigrationsTable(client))
      ? (await client.query<{ name: string }>('SELECT name FROM migrations ORDER BY id')).rows.map((r) => r.name)
      : [];
    if (migrations.length === 0) throw new BackupError('This database has no Cascade schema: nothing to back up.');
    const manifest: BackupManifest = {
      format: 'cascade-backup',
      version: 1,
      createdAt: new Date().toISOString(),
      serverVersion: (await client.query<{ server_version: string }>('SHOW server_version')).rows[0].server_version,
      migrations,
      tables: [],
      sequences: (
        await client.query<{ name: string; last_value: string | null }>(
          `SELECT sequencename AS name, last_value::text FROM pg_sequences WHERE schemaname = 'public' ORDER BY 1`,
        )
      ).rows.map((row) => ({ name: row.name, lastValue: row.last_value })),
    };
    for (const [index, table] of tables.entries()) {
      const name = `data/${String(index).padStart(3, '0')}-${table.name}.copy`;
      const copy = client.query(copyTo(`COPY ${quote(table.name)} (${table.columns.map(quote).join(', ')}) TO STDOUT`));
      await pipeline(copy, createWriteStream(join(scratch, basename(name))));
      manifest.tables.push({ ...table, rows: copy.rowCount, file: name });
    }
    await client.query('COMMIT');

    const partial = `${target}.partial`;
    try {
      await writeArchive(partial, manifest, scratch);
      await rename(partial, target);
    } catch (error) {
      await rm(partial, { force: true });
      throw error;
    }
    return { file: target, manifest };
  } finally {
    await client.end().catch(() => undefined);
    await rm(scratch, { recursive: true, force: true });
  }
}

async function writeArchive(file: string, manifest: BackupManifest, scratch: string): Promise<void> {
  const pack = tarPack();
  const written = pipeline(pack, createGzip(), createWriteStream(file));
  const addFile = async (name: string, path: string) => {
    const { size } = await stat(path);
    const entry = pack.entry({ name, size, mode: 0o600 });
    await pipeline(createReadStream(path), entry);
  };
  const body = Buffer.from(JSON.stringify(manifest, null, 2));
  pack.entry({ name: MANIFEST, size: body.length, mode: 0o600 }, body);
  for (const table of manifest.tables) await addFile(table.file, join(scratch, basename(table.file)));
  pack.finalize();
  await written;
}

interface TableShape {
  name: string;
  columns: string[];
}

/** The application tables, parents before children; generated columns are left to the database. */
async function tablesInLoadOrder(client: pg.Client): Promise<TableShape[]> {
  const { rows: columns } = await client.query<{ table: string; column: string }>(
    `SELECT c.relname AS table, a.attname AS column
       FROM pg_class c
       JOIN pg_namespace n ON n.oid = c.relnamespace
       JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''
      WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition
        AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype = 'e')
      ORDER BY c.relname, a.attnum`,
  );
  const { rows: references } = await client.query<{ child: string; parent: string }>(
    `SELECT child.relname AS child, parent.relname AS parent
       FROM pg_constraint k
       JOIN pg_class child ON child.oid = k.conrelid
       JOIN pg_class parent ON parent.oid = k.confrelid
      WHERE k.contype = 'f' AND k.connamespace = 'public'::regnamespace AND k.conrelid <> k.confrelid`,
  );
  const shapes = new Map<string, string[]>();
  for (const { table, column } of columns) {
    if (MIGRATION_TABLES.has(table)) continue;
    shapes.set(table, [...(shapes.get(table) ?? []), column]);
  }
  const parents = new Map<string, Set<string>>([...shapes.keys()].map((name) => [name, new Set()]));
  for (const { child, parent } of references) {
    if (shapes.has(child) && shapes.has(parent)) parents.get(child)!.add(parent);
  }
  // Kahn's order, alphabetical among equals so two backups of one schema list tables alike.
  const ordered: TableShape[] = [];
  const done = new Set<string>();
  while (done.size < shapes.size) {
    const ready = [...shapes.keys()]
      .filter((name) => !done.has(name) && [...parents.get(name)!].every((parent) => done.has(parent)))
      .sort();
    if (ready.length === 0) {
      const left = [...shapes.keys()].filter((name) => !done.has(name));
      throw new BackupError(`The foreign keys of ${left.join(', ')} form a cycle: no load order exists.`);
    }
    for (const name of ready) {
      done.add(name);
      ordered.push({ name, columns: shapes.get(name)! });
    }
  }
  return ordered;
}

async function hasMigrationsTable(client: pg.Client): Promise<boolean> {
  const { rows } = await client.query<{ found: boolean }>(
    `SELECT to_regclass('public.migrations') IS NOT NULL AS found`,
  );
  return rows[0].found;
}

export interface RestoreOptions {
  /** Replace whatever the database holds (its public schema is dropped first). */
  force?: boolean;
}

export interface RestoreResult {
  manifest: BackupManifest;
  /** Migrations newer than the archive, applied after its rows were loaded. */
  appliedAfter: string[];
}

/**
 * Loads an archive into an empty database: the archive's migrations first, then every table's
 * rows through COPY … FROM STDIN in one transaction (user triggers, such as the audit log's
 * refusal of changes, held off meanwhile; foreign keys checked as usual), then the sequences, then
 * any migrations this Cascade has that the archive's did not. All rows or none.
 */
export async function restoreBackup(
  databaseUrl: string,
  file: string,
  options: RestoreOptions = {},
): Promise<RestoreResult> {
  if (!existsSync(file)) throw new BackupError(`There is no backup file ${file}.`);
  const known = MIGRATIONS.map(migrationName);
  const extract = tarExtract();
  const reading = pipeline(createReadStream(file), createGunzip(), extract);
  // The extractor is read below; a broken file rejects both, and the loop reports it.
  reading.catch(() => undefined);

  const client = new pg.Client({ connectionString: databaseUrl, application_name: 'cascade-restore' });
  let manifest: BackupManifest | undefined;
  let loading = false;
  let tableIndex = 0;
  try {
    for await (const entry of extract) {
      const name = entry.header.name;
      if (!manifest) {
        if (name !== MANIFEST)
          throw new BackupError(`${file} is not a Cascade backup: it does not start with ${MANIFEST}.`);
        manifest = parseManifest(await readAll(entry), file);
        checkMigrations(manifest, known);
        await client.connect();
        await prepareDatabase(client, databaseUrl, manifest, options.force ?? false);
        await client.query('BEGIN');
        await holdTriggersAndEmpty(client, manifest, 'DISABLE');
        loading = true;
        continue;
      }
      if (name.startsWith('data/')) {
        const table = manifest.tables[tableIndex++];
        if (!table || table.file !== name)
          throw new BackupError(`${file} is damaged: ${name} is not where its manifest says.`);
        const copy = client.query(
          copyFrom(`COPY ${quote(table.name)} (${table.columns.map(quote).join(', ')}) FROM STDIN`),
        );
        await pipeline(entry, copy);
        if (copy.rowCount !== table.rows) {
          throw new BackupError(
            `${file} is damaged: ${table.name} holds ${copy.rowCount} rows, its manifest says ${table.rows}.`,
          );
        }
      } else {
        entry.resume();
      }
    }
    await reading;
    if (!manifest) throw new BackupError(`${file} is empty: it is not a Cascade backup.`);
    if (tableIndex !== manifest.tables.length) {
      throw new BackupError(`${file} is cut short: ${manifest.tables.length - tableIndex} table(s) are missing.`);
    }
    await holdTriggersAndEmpty(client, manifest, 'ENABLE');
    for (const sequence of manifest.sequences) {
      if (sequence.lastValue === null) continue;
      await client.query('SELECT setval($1::regclass, $2::bigint, true)', [
        `public.${quote(sequence.name)}`,
        sequence.lastValue,
      ]);
    }
    await client.query('COMMIT');
    loading = false;
  } catch (error) {
    if (loading) await client.query('ROLLBACK').catch(() => undefined);
    if (error instanceof BackupError || manifest) throw error;
    throw new BackupError(`${file} cannot be read as a Cascade backup (${(error as Error).message}).`);
  } finally {
    await client.end().catch(() => undefined);
  }
  const appliedAfter = await migrate(databaseUrl, MIGRATIONS);
  return { manifest, appliedAfter };
}

function parseManifest(text: string, file: string): BackupManifest {
  let manifest: BackupManifest;
  try {
    manifest = JSON.parse(text) as BackupManifest;
  } catch {
    throw new BackupError(`${file} is not a Cascade backup: its manifest is not JSON.`);
  }
  if (manifest.format !== 'cascade-backup' || manifest.version !== 1) {
    throw new BackupError(
      `${file} is not a Cascade backup this version can read (format ${String(manifest.version)}).`,
    );
  }
  return manifest;
}

/** The archive's migrations must be the first of this Cascade's: its rows fit that schema. */
function checkMigrations(manifest: BackupManifest, known: string[]): void {
  const foreign = manifest.migrations.find((name, index) => known[index] !== name);
  if (foreign) {
    throw new BackupError(
      `The backup was made by another version of Cascade (migration ${foreign} is unknown here or out of order): restore it with the version that made it.`,
    );
  }
}

/**
 * Refuses a database that holds rows or a schema ahead of the archive's, unless forced, in which
 * case its public schema is dropped; then brings the schema to the archive's migration.
 */
async function prepareDatabase(
  client: pg.Client,
  databaseUrl: string,
  manifest: BackupManifest,
  force: boolean,
): Promise<void> {
  const { rows: tables } = await client.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') ORDER BY 1`,
  );
  const filled: string[] = [];
  for (const { name } of tables) {
    if (MIGRATION_TABLES.has(name)) continue;
    const { rowCount } = await client.query(`SELECT 1 FROM ${quote(name)} LIMIT 1`);
    if (rowCount) filled.push(name);
  }
  const applied = (await hasMigrationsTable(client))
    ? (await client.query<{ name: string }>('SELECT name FROM migrations ORDER BY id')).rows.map((r) => r.name)
    : [];
  const ahead = applied.some((name, index) => manifest.migrations[index] !== name);
  if (!force && filled.length > 0) {
    throw new BackupError(
      `The database is not empty (${filled.slice(0, 5).join(', ')}${filled.length > 5 ? ', …' : ''} hold rows): ` +
        'restore into a new database, or add --force to replace everything in it.',
    );
  }
  if (!force && ahead) {
    throw new BackupError(
      'The database has a newer schema than the backup: restore into a new database, or add --force to replace it.',
    );
  }
  if (force && tables.length > 0) {
    await client.query('DROP SCHEMA public CASCADE');
    await client.query('CREATE SCHEMA public');
  }
  const upTo = MIGRATIONS.slice(0, manifest.migrations.length);
  await migrate(databaseUrl, upTo);
}

async function migrate(databaseUrl: string, migrations: (new () => MigrationInterface)[]): Promise<string[]> {
  const dataSource = new DataSource({ ...dataSourceOptions(databaseUrl), migrations });
  await dataSource.initialize();
  try {
    return (await runPendingMigrations(dataSource)).map((migration) => migration.name);
  } finally {
    await dataSource.destroy();
  }
}

/**
 * User triggers off while rows go in (the audit log refuses TRUNCATE, and rows are restored as
 * they were, not recomputed); foreign keys stay checked. Tables filled by migrations are emptied.
 */
async function holdTriggersAndEmpty(client: pg.Client, manifest: BackupManifest, mode: 'DISABLE' | 'ENABLE') {
  for (const table of manifest.tables) await client.query(`ALTER TABLE ${quote(table.name)} ${mode} TRIGGER USER`);
  if (mode === 'DISABLE' && manifest.tables.length > 0) {
    await client.query(`TRUNCATE ${manifest.tables.map((table) => quote(table.name)).join(', ')}`);
  }
}

async function readAll(stream: AsyncIterable<unknown>): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
