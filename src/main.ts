import 'reflect-metadata';

import { loadEnvironment } from '@cascade/config';

import { createApi, listen, resolveDatabase, runMain } from './bootstrap.js';

runMain(async () => {
  const env = loadEnvironment();
  const database = await resolveDatabase(env, (line) => process.stderr.write(`${line}\n`));
  const api = await createApi({ env, databaseUrl: database.url });
  const url = await listen(api, env);
  process.stderr.write(`Cascade API listening on ${url} (docs at ${url}/api/docs)\n`);
  return async () => {
    await api.close();
    await database.stop();
  };
});
