import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';

import { type AuthUser, countryScope, Role } from '@cascade/auth';
import { applySort, containsPattern, type Page, pageOf, transliterate } from '@cascade/common';

import { CASCADE_DEPTH_LIMIT, cascadeWalkCtes, depthLimitReachedSql } from './cascade-walk.js';
import { certificationAtSql } from './certification/certification.types.js';
import type { ListTrainersQueryDto } from './dto/list-trainers-query.dto.js';
import { Trainer, type TrainerLevel } from './trainer.entity.js';

/** One trainer of a cascade tree, as the query returns it (names are filtered by the service). */
export interface CascadeRow {
  id: string;
  parentId: string | null;
  generation: number;
  fullName: string;
  level: TrainerLevel;
  countryCode: string;
  userId: string | null;
}

export interface CascadeCounts {
  nodes: CascadeRow[];
  /** Where the tree reaches a trainer outside the caller's countries: under whom, at which generation. */
  outside: { parentId: string; generation: number }[];
  /** `certified`: the generation's trainers certified today (UTC). */
  generations: { generation: number; trainers: number; traineesReached: number; certified: number }[];
  traineesReached: number;
  depthLimitReached: boolean;
}

/** The SQL of the trainers feature: the scoped list, the cascade walk, the cycle check. */
@Injectable()
export class TrainersRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Officers see their countries, a trainer only their own record; filtered in SQL. */
  async list(user: AuthUser, query: ListTrainersQueryDto): Promise<Page<Trainer>> {
    const builder = this.dataSource.getRepository(Trainer).createQueryBuilder('trainer');
    const scope = countryScope(user);
    if (scope !== null) builder.andWhere('trainer.country_code = ANY(:scope)', { scope });
    if (user.role === Role.Trainer) builder.andWhere('trainer.user_id = :me', { me: user.id });
    if (query.country) builder.andWhere('trainer.country_code = :country', { country: query.country });
    if (query.level) builder.andWhere('trainer.level = :level', { level: query.level });
    if (query.status) builder.andWhere('trainer.status = :status', { status: query.status });
    if (query.search) {
      // The Latin name also matches the search transliterated, so Тоқтоғулов finds Токтогулов (both Toktogulov).
      builder.andWhere(
        '(trainer.full_name ILIKE :search OR trainer.latin_name ILIKE :search OR trainer.latin_name ILIKE :latin)',
        { search: containsPattern(query.search), latin: containsPattern(transliterate(query.search)) },
      );
    }
    const [items, total] = await applySort(
      builder,
      query.sort,
      {
        name: 'trainer.full_name',
        latinName: 'trainer.latin_name',
        level: 'trainer.level',
        status: 'trainer.status',
        createdAt: 'trainer.created_at',
      },
      'name',
      'trainer.id',
    )
      .skip(query.offset)
      .take(query.limit)
      .getManyAndCount();
    return pageOf(items, total, query);
  }

  /**
   * The cascade below a trainer in one statement: the shared walk (cascade-walk.ts) from this one
   * root, then plain CTEs count trainers and the distinct trainees who completed events that the
   * trainers of each generation taught. With `scope` (the caller's countries; null for admins) the
   * walk follows only trainers of those countries and counts only their events; a trainer of
   * another country trained by one of the tree is returned once per such parent, as `outside`,
   * with nothing of its own (no id, no counts) and nothing below it.
   */
  async cascade(rootId: string, scope: string[] | null): Promise<CascadeCounts> {
    const scoped = scope !== null;
    const walk = {
      roots: 'SELECT id AS trainer_id FROM trainers WHERE id = $1',
      depthLimit: '$2',
      ...(scoped
        ? {
            follow: 'c.country_code = ANY($3::text[])',
            events: '(SELECT id FROM training_events WHERE country_code = ANY($3::text[]))',
          }
        : {}),
    };
    const outside = scoped
      ? `SELECT DISTINCT n.trainer_id AS parent_id, n.generation + 1 AS generation
           FROM nodes n
           JOIN trainer_links l ON l.trained_by_id = n.trainer_id
           JOIN trainers c ON c.id = l.trainer_id AND NOT (c.country_code = ANY($3::text[]))
          WHERE n.generation < $2`
      : 'SELECT NULL::uuid AS parent_id, 0 AS generation WHERE false';
    const [row] = await this.dataSource.query<
      {
        nodes: CascadeRow[];
        outside: CascadeCounts['outside'];
        generations: CascadeCounts['generations'];
        trainees_reached: number;
        depth_limit_reached: boolean;
      }[]
    >(
      `WITH RECURSIVE ${cascadeWalkCtes(walk)},
       certified AS (
         SELECT trainer_id FROM ${certificationAtSql(`(now() AT TIME ZONE 'UTC')::date`)} WHERE certified
       ),
       per_generation AS (
         SELECT n.generation,
                count(*)::int AS trainers,
                (SELECT count(*)::int FROM reached r WHERE r.generation = n.generation) AS trainees_reached,
                count(*) FILTER (WHERE n.trainer_id IN (SELECT trainer_id FROM certified))::int AS certified
           FROM nodes n
          GROUP BY n.generation
       ),
       outside AS (${outside})
       SELECT
         (SELECT coalesce(json_agg(json_build_object(
                   'id', n.trainer_id, 'parentId', n.parent_id, 'generation', n.generation,
                   'fullName', t.full_name, 'level', t.level, 'countryCode', t.country_code, 'userId', t.user_id)
                 ORDER BY n.generation, t.full_name, t.id), '[]')
            FROM nodes n JOIN trainers t ON t.id = n.trainer_id) AS nodes,
         (SELECT coalesce(json_agg(json_build_object('parentId', o.parent_id, 'generation', o.generation)
                 ORDER BY o.generation, o.parent_id), '[]')
            FROM outside o) AS outside,
         (SELECT coalesce(json_agg(json_build_object(
                   'generation', g.generation, 'trainers', g.trainers, 'traineesReached', g.trainees_reached,
                   'certified', g.certified)
                 ORDER BY g.generation), '[]')
            FROM per_generation g) AS generations,
         (SELECT count(DISTINCT trainee_id)::int FROM reached) AS trainees_reached,
         ${depthLimitReachedSql(walk)} AS depth_limit_reached`,
      scoped ? [rootId, CASCADE_DEPTH_LIMIT, scope] : [rootId, CASCADE_DEPTH_LIMIT],
    );
    return {
      nodes: row.nodes,
      outside: row.outside,
      generations: row.generations,
      traineesReached: row.trainees_reached,
      depthLimitReached: row.depth_limit_reached,
    };
  }

  /**
   * The chain by which `from` already trained `to`, directly or down the cascade, as trainer
   * ids from `from` to `to`; null when there is none. Recording "from was trained by to" would
   * then close a loop. No depth limit here: a loop deeper than the cascade view is still a loop.
   */
  async trainingChain(manager: EntityManager, from: string, to: string): Promise<string[] | null> {
    const rows = await manager.query<{ path: string[] }[]>(
      `WITH RECURSIVE down AS (
         SELECT l.trainer_id, ARRAY[$1::uuid, l.trainer_id] AS path
           FROM trainer_links l
          WHERE l.trained_by_id = $1
         UNION ALL
         SELECT l.trainer_id, d.path || l.trainer_id
           FROM down d
           JOIN trainer_links l ON l.trained_by_id = d.trainer_id
          WHERE d.trainer_id <> $2 AND l.trainer_id <> ALL (d.path)
       )
       SELECT path::text[] AS path FROM down WHERE trainer_id = $2 ORDER BY cardinality(path) LIMIT 1`,
      [from, to],
    );
    return rows[0]?.path ?? null;
  }

  /** Serialises writes of "trained by" links, so two at once cannot each close half a loop. */
  async lockLinks(manager: EntityManager): Promise<void> {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtext('trainer_links'))`);
  }
}
