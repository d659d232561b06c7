import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

import {
  DUPLICATE_THRESHOLD,
  lowestNameSimilarity,
  type ScoredSide,
  scoreSql,
  traineeSide,
} from './duplicate-score.js';
import { type NameKey, nameKeyOf } from './name-key.js';

/** A person to look for among the recorded trainees: a row being registered or imported. */
export interface PersonToMatch {
  fullName: string;
  /** Candidates are looked for in this country only. */
  countryCode: string;
  birthYear?: number | null;
  organizationId?: string | null;
  phone?: string | null;
  /** The name's key when the caller has it already (an import computes it once per row). */
  nameKey?: NameKey | null;
}

/** The field names a candidate agrees or disagrees on. */
export type MatchField = 'name' | 'patronymic' | 'birthYear' | 'organization' | 'phone';

/** A recorded trainee that may be the same person. */
export interface DuplicateCandidate {
  traineeId: string;
  fullName: string | null;
  latinName: string | null;
  birthYear: number | null;
  organizationId: string | null;
  /** From 0 to 1; at least the threshold. */
  score: number;
  /** Fields both records have and agree on ('name': the same name key). */
  matchingFields: MatchField[];
  /** Fields both records have and disagree on. */
  conflictingFields: MatchField[];
}

export interface FindCandidatesOptions {
  /** Defaults to DUPLICATE_THRESHOLD. */
  threshold?: number;
  /** Most candidates returned per person, best first; 5 unless given. */
  limit?: number;
}

interface CandidateRow {
  ord: string;
  id: string;
  full_name: string | null;
  latin_name: string | null;
  birth_year: number | null;
  organization_id: string | null;
  score: number;
  matching: MatchField[];
  conflicting: MatchField[];
}

const INPUT: ScoredSide = {
  nameKey: 'p.name_key',
  patronymicKey: 'p.patronymic_key',
  birthYear: 'p.birth_year',
  organizationId: 'p.organization_id',
  phone: 'p.phone',
};

/**
 * Finds, for many people at once, the recorded trainees of their country that may be the same
 * person. One SQL query whatever the number of people (their fields go in as arrays): each
 * person's candidates come from the pg_trgm GIN index on `trainees.name_key` (a similar key by the
 * `%` operator, an equal one included: its similarity is 1; asking for `=` too cost the GIN index
 * as much again, ~10 ms a person on 100 000 names) and from the btree index on `trainees.phone` (an equal
 * phone), then are scored (see duplicate-score.ts). The `%` operator's cutoff is raised, for this
 * query's transaction only, from pg_trgm's default 0.3 to the lowest name similarity that can
 * reach the threshold without equal phones (lowestNameSimilarity): pairs with equal phones,
 * which can reach it from a lower similarity, come through the phone branch whatever their
 * names. So no pair that can score at least the threshold is left out, and a person's probe
 * reads dozens of rows, not thousands. Retired (merged) and anonymised trainees are never candidates.
 *
 * Used at registration (POST /trainees answers 409) and by imports (the dry run's report, and
 * the distinct pairs a confirmed commit records): pass a chunk of rows (a few thousand) and get
 * back, in the same order, each row's candidates.
 */
@Injectable()
export class DuplicateDetector {
  async findCandidates(
    manager: EntityManager,
    people: readonly PersonToMatch[],
    options: FindCandidatesOptions = {},
  ): Promise<DuplicateCandidate[][]> {
    const result: DuplicateCandidate[][] = people.map(() => []);
    const keys = people.map((person) => person.nameKey ?? nameKeyOf(person.fullName));
    if (keys.every((key) => key.key === null)) return result;
    const { score, matching, conflicting } = scoreSql(traineeSide('t'), INPUT);
    const threshold = options.threshold ?? DUPLICATE_THRESHOLD;
    const sql = `SELECT p.ord, c.*
         FROM unnest($1::text[], $2::text[], $3::text[], $4::int[], $5::uuid[], $6::text[])
              WITH ORDINALITY AS p(name_key, patronymic_key, country_code, birth_year, organization_id, phone, ord)
        CROSS JOIN LATERAL (
          SELECT * FROM (
            SELECT t.id, t.full_name, t.latin_name, t.birth_year, t.organization_id,
                   ${score} AS score, ${matching} AS matching, ${conflicting} AS conflicting
              FROM trainees t
             WHERE t.country_code = p.country_code
               AND (t.name_key % p.name_key OR t.phone = p.phone)
               AND t.merged_into_id IS NULL AND t.consent_withdrawn_at IS NULL
          ) scored
          WHERE scored.score >= $7
          ORDER BY scored.score DESC, scored.id
          LIMIT $8
        ) c
        WHERE p.name_key IS NOT NULL
        ORDER BY p.ord, c.score DESC, c.id`;
    const parameters = [
      keys.map((key) => key.key),
      keys.map((key) => key.patronymic),
      people.map((person) => person.countryCode),
      people.map((person) => person.birthYear ?? null),
      people.map((person) => person.organizationId ?? null),
      people.map((person) => person.phone ?? null),
      threshold,
      options.limit ?? 5,
    ];
    const cutoff = String(lowestNameSimilarity(threshold, false));
    const lookUp = async (tx: EntityManager): Promise<CandidateRow[]> => {
      // set_config(…, true) is SET LOCAL: it lasts until the transaction ends. In a caller's
      // transaction (an import's commit) the value before is put back once the query has run.
      const [{ previous }]: { previous: string | null }[] = await tx.query(
        `SELECT current_setting('pg_trgm.similarity_threshold', true) AS previous,
                set_config('pg_trgm.similarity_threshold', $1, true)`,
        [cutoff],
      );
      try {
        return await tx.query(sql, parameters);
      } finally {
        if (previous === null) await tx.query(`SET LOCAL pg_trgm.similarity_threshold TO DEFAULT`);
        else await tx.query(`SELECT set_config('pg_trgm.similarity_threshold', $1, true)`, [previous]);
      }
    };
    const rows = manager.queryRunner?.isTransactionActive
      ? await lookUp(manager)
      : await manager.transaction((tx) => lookUp(tx));
    for (const row of rows) {
      result[Number(row.ord) - 1].push({
        traineeId: row.id,
        fullName: row.full_name,
        latinName: row.latin_name,
        birthYear: row.birth_year,
        organizationId: row.organization_id,
        score: Math.round(row.score * 1000) / 1000,
        matchingFields: row.matching,
        conflictingFields: row.conflicting,
      });
    }
    return result;
  }
}
