import type { EntityManager } from 'typeorm';

import type {
  DuplicateCandidate,
  FindCandidatesOptions,
  MatchField,
  PersonToMatch,
} from './duplicate-detector.service.js';
import { DUPLICATE_THRESHOLD, type ScoredSide, scoreSql, traineeSide } from './duplicate-score.js';
import { nameKeyOf } from './name-key.js';

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

/** A batch's person, as the materialised `people` rows hold it (its initials and keys computed once). */
const PERSON: ScoredSide = {
  nameKey: 'p.name_key',
  nameInitials: 'p.name_initials',
  patronymicKey: 'p.patronymic_key',
  birthYear: 'p.birth_year',
  organizationId: 'p.organization_id',
  phone: 'p.phone',
};

/**
 * The candidates of a batch of people (an import's few thousand rows), as
 * DuplicateDetector.findCandidates finds them — the same blocking keys, the same score — in one
 * statement built for many people: each person's blocking keys and name initials are computed
 * once, in a materialised CTE (inline, PostgreSQL evaluated the SQL functions again for every
 * candidate it scored: 35 s for 5,000 rows into a registry of 30,000, 2 s so), and each
 * candidate's score once (the OFFSET keeps the planner from copying it into the filter and the
 * sort). The candidates are still read through the GIN index, row by row: the lateral join with
 * its LIMIT keeps the planner from a join on the country alone.
 */
export async function findBatchCandidates(
  manager: EntityManager,
  people: readonly PersonToMatch[],
  options: FindCandidatesOptions = {},
): Promise<DuplicateCandidate[][]> {
  const result: DuplicateCandidate[][] = people.map(() => []);
  const keys = people.map((person) => person.nameKey ?? nameKeyOf(person.fullName));
  if (keys.every((key) => key.key === null)) return result;
  const { score, matching, conflicting } = scoreSql(traineeSide('t'), PERSON);
  const rows: CandidateRow[] = await manager.query(
    `WITH people AS MATERIALIZED (
       SELECT u.*, trainee_name_initials(u.name_key) AS name_initials,
              trainee_blocking_keys(u.country_code, u.name_key, u.phone) AS blocking_keys
         FROM unnest($1::text[], $2::text[], $3::text[], $4::int[], $5::uuid[], $6::text[])
              WITH ORDINALITY AS u(name_key, patronymic_key, country_code, birth_year, organization_id, phone, ord)
        WHERE u.name_key IS NOT NULL)
     SELECT p.ord, c.*
       FROM people p
      CROSS JOIN LATERAL (
        SELECT t.id, t.full_name, t.latin_name, t.birth_year, t.organization_id, s.score,
               ${matching} AS matching, ${conflicting} AS conflicting
          FROM trainees t
         CROSS JOIN LATERAL (SELECT ${score} AS score OFFSET 0) s
         WHERE t.blocking_keys && p.blocking_keys AND t.country_code = p.country_code AND s.score >= $7
         ORDER BY s.score DESC, t.id
         LIMIT $8
      ) c
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
