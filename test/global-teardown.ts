export default async function globalTeardown(): Promise<void> {
  const services = globalThis.cascadeTestServices;
  services?.redis?.kill('SIGTERM');
  await services?.database.stop();
}
