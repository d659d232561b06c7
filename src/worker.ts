import 'reflect-metadata';

import { loadEnvironment } from '@cascade/config';

import { createWorker, resolveDatabase, runMain } from './bootstrap.js';

runMain(async () => {
  const env = loadEnvironment();
  const database = await resolveDatabase(env, (line) => process.stderr.write(`${line}\n`));
  const worker = await createWorker({ env, databaseUrl: database.url });
  await worker.init();
  process.stderr.write('Cascade worker running: processing queued jobs.\n');
  return async () => {
    await worker.close();
    await database.stop();
  };
});
