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

interface PairRow {
  trainee_id: string;
  other_id: string;
  score: number;
  matching: string[];
  conflicting: string[];
}

/**
 * The officers' queue of possible duplicate trainees and the "different people" answer to it.
 * The pairs are computed in SQL over the name-key index, within a country and the caller's
 * scope, leaving out retired and anonymised trainees and the pairs marked distinct.
 */
@Injectable()
export class DuplicatesService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async list(user: AuthUser, query: ListDuplicatesQueryDto): Promise<Page<DuplicatePairDto>> {
    assertCanAccess(user, Permission.DuplicatesReview, { personal: true });
    const scope = countryScope(user);
    const countries = query.country ? [query.country] : scope;
    if (query.country && !inCountryScope(user, query.country)) return pageOf([], 0, query);
    const { score, matching, conflicting } = scoreSql(traineeSide('a'), traineeSide('b'));
    // The older record first: a pair is listed once.
    // One row: the page of pairs and the total, the older record of each pair first.
    const [{ items: rows, total }]: { items: PairRow[] | null; total: string }[] = await this.dataSource.query(
      `WITH pairs AS MATERIALIZED (
         SELECT * FROM (
           SELECT a.id AS trainee_id, b.id AS other_id,
                  ${score} AS score, ${matching} AS matching, ${conflicting} AS conflicting
             FROM trainees a
             JOIN trainees b
               ON b.country_code = a.country_code
              AND (b.name_key = a.name_key OR b.name_key % a.name_key)
              AND (b.created_at, b.id) > (a.created_at, a.id)
              AND b.merged_into_id IS NULL AND b.consent_withdrawn_at IS NULL
            WHERE a.name_key IS NOT NULL AND a.merged_into_id IS NULL AND a.consent_withdrawn_at IS NULL
              AND ($1::text[] IS NULL OR a.country_code = ANY($1))
              AND NOT EXISTS (
                SELECT 1 FROM duplicate_distinct_pairs d
                 WHERE d.trainee_id = LEAST(a.id, b.id) AND d.other_trainee_id = GREATEST(a.id, b.id))
         ) scored
         WHERE scored.score >= $2
       )
       SELECT (SELECT count(*) FROM pairs) AS total,
              (SELECT json_agg(page) FROM (
                 SELECT * FROM pairs ORDER BY score DESC, trainee_id, other_id OFFSET $3 LIMIT $4) page) AS items`,
      [countries, DUPLICATE_THRESHOLD, query.offset, query.limit],
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
