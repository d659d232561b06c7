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

/**
 * The same for many pairs at once, in one statement (an import whose rows were confirmed as new
 * people): a pair already recorded, or given twice, is left as it is. Not audited pair by pair:
 * the caller writes one audit row for the whole operation (auditBulkWrite). Returns how many
 * pairs were added.
 */
export async function recordDistinctPairsInBulk(
  manager: EntityManager,
  markedById: string,
  pairs: readonly (readonly [string, string])[],
): Promise<number> {
  const ordered = pairs.filter(([a, b]) => a !== b).map(([a, b]) => orderedPair(a, b));
  if (ordered.length === 0) return 0;
  const added: unknown[] = await manager.query(
    `INSERT INTO duplicate_distinct_pairs (id, trainee_id, other_trainee_id, marked_by_id)
     SELECT gen_random_uuid(), p.trainee_id, p.other_trainee_id, $3
       FROM unnest($1::uuid[], $2::uuid[]) AS p (trainee_id, other_trainee_id)
     ON CONFLICT ON CONSTRAINT duplicate_distinct_pairs_key DO NOTHING
     RETURNING id`,
    [ordered.map((pair) => pair.traineeId), ordered.map((pair) => pair.otherTraineeId), markedById],
  );
  return added.length;
}
