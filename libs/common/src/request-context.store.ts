import { AsyncLocalStorage } from 'node:async_hooks';

interface RequestStore {
  requestId: string;
  actorId: string | null;
}

const storage = new AsyncLocalStorage<RequestStore>();

/**
 * Who is acting in the current request, for records written deep inside a transaction (the
 * audit log) without threading the request through every call.
 */
export const requestContext = {
  run<T>(requestId: string, callback: () => T): T {
    return storage.run({ requestId, actorId: null }, callback);
  },
  setActor(actorId: string): void {
    const store = storage.getStore();
    if (store) store.actorId = actorId;
  },
  get(): RequestStore | undefined {
    return storage.getStore();
  },
};
