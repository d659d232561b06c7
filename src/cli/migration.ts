import 'reflect-metadata';

import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';

import { DataSource } from 'typeorm';

import { loadEnvironment } from '@cascade/config';
import { pendingSchemaChanges, runPendingMigrations } from '@cascade/database';

import { resolveDatabase, runMain, StartupError } from '../bootstrap.js';
import { dataSourceOptions } from '../data-source.js';

const USAGE = 'Usage: migration run | revert | show | generate <VerbNoun>';

/** The migration CLI behind `npm run migration:*`, on the same DataSource as the app. */
runMain(async () => {
  const [command, name] = process.argv.slice(2);
  const env = loadEnvironment();
  const database = await resolveDatabase(env, (line) => process.stderr.write(`${line}\n`));
  const dataSource = new DataSource(dataSourceOptions(database.url));
  try {
    await dataSource.initialize();
    switch (command) {
      case 'run': {
        const applied = await runPendingMigrations(dataSource);
        console.log(applied.length ? applied.map((m) => `applied ${m.name}`).join('\n') : 'No pending migrations.');
        break;
      }
      case 'revert':
        await dataSource.undoLastMigration({ transaction: 'each' });
        console.log('Reverted the last migration.');
        break;
      case 'show':
        console.log((await dataSource.showMigrations()) ? 'There are pending migrations.' : 'No pending migrations.');
        break;
      case 'generate':
        if (!name || !/^[A-Z][A-Za-z0-9]+$/.test(name))
          throw new StartupError(`${USAGE} (a name such as AddTrainerLevel)`);
        await runPendingMigrations(dataSource);
        await generate(dataSource, name);
        break;
      default:
        throw new StartupError(USAGE);
    }
  } finally {
    await dataSource.destroy();
    await database.stop();
  }
  process.exit(0);
});

async function generate(dataSource: DataSource, name: string): Promise<void> {
  const { up, down } = await pendingSchemaChanges(dataSource);
  if (up.length === 0) {
    console.log('Entities and migrations agree: nothing to generate.');
    return;
  }
  const timestamp = Date.now();
  const className = `${name}${timestamp}`;
  const statements = (queries: string[]) =>
    queries.map((q) => `    await queryRunner.query(\`${q.replace(/`/g, '\\`')}\`);`).join('\n');
  const file = `${timestamp}-${name}`;
  writeFileSync(
    resolve('migrations', `${file}.ts`),
    `import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ${className} implements MigrationInterface {
  name = '${className}';

  async up(queryRunner: QueryRunner): Promise<void> {
${statements(up)}
  }

  async down(queryRunner: QueryRunner): Promise<void> {
${statements([...down].reverse())}
  }
}
`,
  );
  const indexPath = resolve('migrations', 'index.ts');
  const index = readFileSync(indexPath, 'utf8')
    .replace(/^(import type .*\n)/, `$1import { ${className} } from './${file}.js';\n`)
    .replace(/= \[([^\]]*)\];/, (_, listed: string) => {
      const names = [
        ...listed
          .split(',')
          .map((n) => n.trim())
          .filter(Boolean),
        className,
      ];
      return `= [\n${names.map((n) => `  ${n},\n`).join('')}];`;
    });
  writeFileSync(indexPath, index);
  console.log(`Wrote migrations/${file}.ts; run "npx prettier --write migrations" to format it.`);
}
