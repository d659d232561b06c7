import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

import { findBatchCandidates } from './batch-candidates.js';
import { DUPLICATE_THRESHOLD, type ScoredSide, scoreSql, traineeSide } from './duplicate-score.js';
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
  nameInitials: 'trainee_name_initials(p.name_key)',
  patronymicKey: 'p.patronymic_key',
  birthYear: 'p.birth_year',
  organizationId: 'p.organization_id',
  phone: 'p.phone',
};

/**
 * Finds, for many people at once, the recorded trainees of their country that may be the same
 * person. One SQL query whatever the number of people (their fields go in as arrays): each
 * person's blocking keys are computed by the same SQL function that keeps the trainees' own
 * (`trainee_blocking_keys`: a name word's consonant skeleton with the first consonant of another
 * word, or with the birth year; the phone), the trainees sharing one are read through the GIN
 * index on `trainees.blocking_keys` — a few dozen rows a person, whatever the registry's size —
 * and scored (see duplicate-score.ts). Retired (merged) and anonymised trainees have no keys and
 * are never candidates.
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
    const rows: CandidateRow[] = await manager.query(
      `SELECT p.ord, c.*
         FROM unnest($1::text[], $2::text[], $3::text[], $4::int[], $5::uuid[], $6::text[])
              WITH ORDINALITY AS p(name_key, patronymic_key, country_code, birth_year, organization_id, phone, ord)
        CROSS JOIN LATERAL (
          SELECT * FROM (
            SELECT t.id, t.full_name, t.latin_name, t.birth_year, t.organization_id,
                   ${score} AS score, ${matching} AS matching, ${conflicting} AS conflicting
              FROM trainees t
             WHERE t.blocking_keys && trainee_blocking_keys(p.country_code, p.name_key, p.phone)
               AND t.country_code = p.country_code
          ) scored
          WHERE scored.score >= $7
          ORDER BY scored.score DESC, scored.id
          LIMIT $8
        ) c
        WHERE p.name_key IS NOT NULL
        ORDER BY p.ord, c.score DESC, c.id`,
      [
        keys.map((key) => key.key),
        keys.map((key) => key.patronymic),
        people.map((person) => person.countryCode),
        people.map((person) => person.birthYear ?? null),
        people.map((person) => person.organizationId ?? null),
        people.map((person) => person.phone ?? null),
        options.threshold ?? DUPLICATE_THRESHOLD,
        options.limit ?? 5,
      ],
    );
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

  /**
   * findCandidates for an import's batch of a few thousand rows: the same candidates, by a
   * statement whose cost stays per row (batch-candidates.ts).
   */
  findCandidatesInBatch(
    manager: EntityManager,
    people: readonly PersonToMatch[],
    options: FindCandidatesOptions = {},
  ): Promise<DuplicateCandidate[][]> {
    return findBatchCandidates(manager, people, options);
  }
}
