import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager, In } from 'typeorm';

import { assertCanAccess, type AuthUser, countryScope, inCountryScope, Permission } from '@cascade/auth';
import { AppException, CommonErrorCode, type FieldError, type Page, pageOf } from '@cascade/common';

import { Trainee } from '../trainee.entity.js';
import { recordDistinctPairs } from './distinct-pairs.js';
import type { DuplicatePairDto, DuplicateTraineeDto } from './dto/duplicates.response.dto.js';
import type { ListDuplicatesQueryDto } from './dto/duplicates-query.dto.js';
import type { MarkDistinctDto } from './dto/mark-distinct.dto.js';
import { DUPLICATE_THRESHOLD, scoreSql, traineeSide } from './duplicate-score.js';
import { DuplicatesErrorCode } from './duplicates-error-code.js';
import { NAME_SEARCH_SIMILARITY, nameKeyOf } from './name-key.js';

interface PairRow {
  trainee_id: string;
  other_id: string;
  score: number;
  matching: string[];
  conflicting: string[];
}

/**
 * The officers' queue of possible duplicate trainees and the "different people" answer to it:
 * the pairs the registry-wide scan stored (duplicate-scan.ts) and those of records written since,
 * within the caller's scope, leaving out retired and anonymised trainees and the pairs marked distinct.
 */
@Injectable()
export class DuplicatesService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The queue's pairs, a page at a time; `onlyPair`: just the pair of those two trainees, if listed. */
  async list(
    user: AuthUser,
    query: ListDuplicatesQueryDto,
    onlyPair?: readonly [string, string],
  ): Promise<Page<DuplicatePairDto>> {
    assertCanAccess(user, Permission.DuplicatesReview, { personal: true });
    const scope = countryScope(user);
    const countries = query.country ? [query.country] : scope;
    if (query.country && !inCountryScope(user, query.country)) return pageOf([], 0, query);
    const search = query.search?.trim() ? nameKeyOf(query.search.trim()).key : null;
    if (query.search?.trim() && search === null) return pageOf([], 0, query);
    const { score, matching, conflicting } = scoreSql(traineeSide('a'), traineeSide('b'));
    // One row: the page of pairs and the total. A pair is listed once, the older record first.
    // The pairs the country's last finished scan stored, while neither record changed since it
    // began; and, found live through the blocking keys, the pairs of the records written since
    // (all of a country never scanned).
    const [{ items: rows, total }]: { items: PairRow[] | null; total: string }[] = await this.dataSource.query(
      `WITH recent AS MATERIALIZED (
         SELECT t.* FROM trainees t
           LEFT JOIN duplicate_scans s ON s.country_code = t.country_code
          WHERE t.blocking_keys IS NOT NULL AND ($1::text[] IS NULL OR t.country_code = ANY($1))
            AND (s.queue_as_of IS NULL OR t.updated_at >= s.queue_as_of)
       ),
       live AS (
         SELECT CASE WHEN (a.created_at, a.id) < (b.created_at, b.id) THEN a.id ELSE b.id END AS trainee_id,
                CASE WHEN (a.created_at, a.id) < (b.created_at, b.id) THEN b.id ELSE a.id END AS other_id,
                ${score} AS score, ${matching} AS matching, ${conflicting} AS conflicting
           FROM recent a
           JOIN trainees b ON b.blocking_keys && a.blocking_keys AND b.country_code = a.country_code AND b.id <> a.id
       ),
       stored AS (
         SELECT q.trainee_id, q.other_trainee_id AS other_id, q.score, q.matching, q.conflicting
           FROM duplicate_queue_pairs q
           JOIN duplicate_scans s ON s.country_code = q.country_code AND s.queue_as_of IS NOT NULL
           JOIN trainees a ON a.id = q.trainee_id
           JOIN trainees b ON b.id = q.other_trainee_id
          WHERE ($1::text[] IS NULL OR q.country_code = ANY($1))
            AND a.blocking_keys IS NOT NULL AND b.blocking_keys IS NOT NULL
            AND a.updated_at < s.queue_as_of AND b.updated_at < s.queue_as_of
       ),
       pairs AS MATERIALIZED (
         SELECT DISTINCT ON (trainee_id, other_id) * FROM (SELECT * FROM live UNION ALL SELECT * FROM stored) found
          WHERE found.score >= $2
            AND NOT EXISTS (
              SELECT 1 FROM duplicate_distinct_pairs d
               WHERE d.trainee_id = LEAST(found.trainee_id, found.other_id)
                 AND d.other_trainee_id = GREATEST(found.trainee_id, found.other_id))
            -- A name searched for (see TraineesService.list): either person of the pair bears it.
            AND ($5::text IS NULL OR EXISTS (
              SELECT 1 FROM trainees named
               WHERE named.id IN (found.trainee_id, found.other_id)
                 AND word_similarity($5::text, named.name_key) >= $6))
            AND ($7::uuid[] IS NULL OR (found.trainee_id = ANY ($7::uuid[]) AND found.other_id = ANY ($7::uuid[])))
          ORDER BY trainee_id, other_id
       )
       SELECT (SELECT count(*) FROM pairs) AS total,
              (SELECT json_agg(page) FROM (
                 SELECT * FROM pairs ORDER BY score DESC, trainee_id, other_id OFFSET $3 LIMIT $4) page) AS items`,
      [countries, DUPLICATE_THRESHOLD, query.offset, query.limit, search, NAME_SEARCH_SIMILARITY, onlyPair ?? null],
    );
    const pairs = rows ?? [];
    const people = await this.describe(pairs.flatMap((row) => [row.trainee_id, row.other_id]));
    const items = pairs.map((row) => ({
      score: Math.round(row.score * 1000) / 1000,
      matchingFields: row.matching,
      conflictingFields: row.conflicting,
      trainees: [people.get(row.trainee_id), people.get(row.other_id)].filter(
        (trainee): trainee is DuplicateTraineeDto => trainee !== undefined,
      ),
    }));
    return pageOf(items, Number(total), query);
  }

  /** Records that the two trainees are different people: the pair is never proposed again. */
  async markDistinct(user: AuthUser, dto: MarkDistinctDto): Promise<void> {
    if (dto.traineeId === dto.otherTraineeId) {
      throw validation([
        { field: 'otherTraineeId', code: 'same_trainee', messageKey: 'validation.same_trainee', params: {} },
      ]);
    }
    await this.dataSource.transaction(async (manager) => {
      await loadPair(manager, user, dto.traineeId, dto.otherTraineeId, 'otherTraineeId');
      await recordDistinctPairs(manager, user.id, dto.traineeId, [dto.otherTraineeId]);
    });
  }

  /** The records of a page, with their enrollment counts, in one query. */
  private async describe(ids: string[]): Promise<Map<string, DuplicateTraineeDto>> {
    if (ids.length === 0) return new Map();
    const trainees = await this.dataSource.getRepository(Trainee).findBy({ id: In(ids) });
    const counts: { trainee_id: string; n: string }[] = await this.dataSource.query(
      `SELECT trainee_id, count(*) AS n FROM enrollments WHERE trainee_id = ANY($1) GROUP BY trainee_id`,
      [ids],
    );
    const enrollments = new Map(counts.map((row) => [row.trainee_id, Number(row.n)]));
    return new Map(
      trainees.map((trainee) => [
        trainee.id,
        {
          id: trainee.id,
          fullName: trainee.fullName,
          latinName: trainee.latinName,
          sex: trainee.sex,
          profession: trainee.profession,
          organizationId: trainee.organizationId,
          regionCode: trainee.regionCode,
          birthYear: trainee.birthYear,
          phone: trainee.phone,
          email: trainee.email,
          enrollments: enrollments.get(trainee.id) ?? 0,
          createdAt: trainee.createdAt.toISOString(),
        },
      ]),
    );
  }
}

/**
 * Both trainees, locked, each in the caller's scope (404 otherwise, as for a record that does
 * not exist), of one country, and neither retired by an earlier merge (409).
 */
export async function loadPair(
  manager: EntityManager,
  user: AuthUser,
  firstId: string,
  secondId: string,
  secondField: string,
): Promise<[Trainee, Trainee]> {
  const trainees = await manager.find(Trainee, {
    where: { id: In([firstId, secondId]) },
    order: { id: 'ASC' },
    lock: { mode: 'pessimistic_write' },
  });
  const first = trainees.find((trainee) => trainee.id === firstId);
  const second = trainees.find((trainee) => trainee.id === secondId);
  if (!first || !second) throw new AppException(HttpStatus.NOT_FOUND, CommonErrorCode.NotFound);
  for (const trainee of [first, second]) {
    assertCanAccess(user, Permission.DuplicatesReview, { countryCode: trainee.countryCode, personal: true });
  }
  if (first.countryCode !== second.countryCode) {
    throw validation([
      {
        field: secondField,
        code: 'trainee_other_country',
        messageKey: 'validation.trainee_other_country',
        params: { country: first.countryCode },
      },
    ]);
  }
  if (first.mergedIntoId !== null || second.mergedIntoId !== null) {
    throw new AppException(HttpStatus.CONFLICT, DuplicatesErrorCode.TraineeMerged);
  }
  return [first, second];
}

export const validation = (problems: FieldError[]) =>
  new AppException(HttpStatus.BAD_REQUEST, CommonErrorCode.ValidationFailed, {}, problems);
