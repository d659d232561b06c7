import type { EntityManager } from 'typeorm';

import { DistinctPair, orderedPair } from './distinct-pair.entity.js';

/**
 * Records that a trainee is a different person from each of the others (audited); a pair
 * already recorded is left as it is.
 */
export async function recordDistinctPairs(
  manager: EntityManager,
  markedById: string,
  traineeId: string,
  otherIds: readonly string[],
): Promise<void> {
  for (const otherId of new Set(otherIds)) {
    if (otherId === traineeId) continue;
    const pair = orderedPair(traineeId, otherId);
    if (await manager.existsBy(DistinctPair, pair)) continue;
    await manager.save(manager.create(DistinctPair, { ...pair, markedById }));
  }
}
