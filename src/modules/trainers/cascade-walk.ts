/** Generations below the roots the cascade follows at most. */
export const CASCADE_DEPTH_LIMIT = 10;

export interface CascadeWalk {
  /** A SELECT of the roots' trainer ids, as `trainer_id` (generation 0). */
  roots: string;
  /** The depth limit, as a SQL parameter reference (e.g. `$2`). */
  depthLimit: string;
  /** A condition on the trainer `c` a link leads down to; only such trainers are followed. */
  follow?: string;
  /** A relation of the events that count (`id`); every event when left out. */
  events?: string;
}

/**
 * The CTEs that walk the cascade downwards from its roots, shared by a trainer's cascade and the
 * country report's (place them after `WITH RECURSIVE`):
 *
 * - `walk`: ONE recursive walk of the "trained by" links; a path array stops it at a loop, the
 *   depth limit at generation `depthLimit` below the roots;
 * - `nodes`: each trainer once, at the nearest generation it is reached at;
 * - `taught`: the events each generation's trainers taught, as lead or co-trainer;
 * - `reached`: the distinct trainees who completed those events, per generation.
 *
 * It reads the events' tables by name only (trainers never import the events feature).
 */
export function cascadeWalkCtes(walk: CascadeWalk): string {
  const follow = walk.follow ? `JOIN trainers c ON c.id = l.trainer_id AND ${walk.follow}` : '';
  const events = walk.events ? `JOIN ${walk.events} ev ON ev.id = et.event_id` : '';
  return `walk AS (
         SELECT r.trainer_id, NULL::uuid AS parent_id, 0 AS generation, ARRAY[r.trainer_id] AS path
           FROM (${walk.roots}) r
         UNION ALL
         SELECT l.trainer_id, l.trained_by_id, w.generation + 1, w.path || l.trainer_id
           FROM walk w
           JOIN trainer_links l ON l.trained_by_id = w.trainer_id
           ${follow}
          WHERE w.generation < ${walk.depthLimit} AND l.trainer_id <> ALL (w.path)
       ),
       -- Reached along two paths, a trainer is kept once, at the nearer generation.
       nodes AS (
         SELECT DISTINCT ON (trainer_id) trainer_id, parent_id, generation
           FROM walk
          ORDER BY trainer_id, generation, parent_id
       ),
       taught AS (
         SELECT DISTINCT n.generation, et.event_id
           FROM nodes n
           JOIN event_trainers et ON et.trainer_id = n.trainer_id
           ${events}
       ),
       reached AS (
         SELECT DISTINCT t.generation, e.trainee_id
           FROM taught t
           JOIN enrollments e ON e.event_id = t.event_id AND e.status = 'completed'
       )`;
}

/** Whether the walk stopped at the depth limit with trainers it would have followed still below. */
export function depthLimitReachedSql(walk: CascadeWalk): string {
  const follow = walk.follow ? `JOIN trainers c ON c.id = l.trainer_id AND ${walk.follow}` : '';
  return `EXISTS (SELECT 1
                    FROM nodes n
                    JOIN trainer_links l ON l.trained_by_id = n.trainer_id
                    ${follow}
                   WHERE n.generation = ${walk.depthLimit}
                     AND l.trainer_id NOT IN (SELECT trainer_id FROM nodes))`;
}
