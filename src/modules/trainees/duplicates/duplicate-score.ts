/**
 * How alike two trainee records are, from 0 to 1, computed in SQL: the trigram similarity of
 * their name keys (pg_trgm), moved up or down by the other fields a sign-in sheet has. The
 * one place the weights and the threshold live; the labelled pairs in
 * test/fixtures/duplicate-name-pairs.ts measure them (test/e2e/duplicate-detection.e2e-spec.ts).
 */

/** A pair scoring at least this is proposed as a possible duplicate (at entry, in the queue, to an import). */
export const DUPLICATE_THRESHOLD = 0.68;

/** The weights, each added when both records have the field. */
export const SCORE_WEIGHTS = {
  /** Same birth year: the strongest sign besides the name. */
  birthYearSame: 0.1,
  /** Birth years two or more apart: a father and son, or namesakes. */
  birthYearApart: -0.5,
  /** Same phone number: almost certainly one person. */
  phoneSame: 0.2,
  /** Different phones: people change numbers, so only a little. */
  phoneDifferent: -0.05,
  organizationSame: 0.05,
  /** Both patronymics given and different: brothers, or namesakes. */
  patronymicDifferent: -0.45,
  patronymicSame: 0.05,
  /**
   * Names of as many words whose first consonants differ (Нурбек and Өмүрбек Өмүрзаков): two
   * people of one family, not one person misspelt — a typo rarely hits a word's first consonant.
   */
  initialsDifferent: -0.3,
} as const;

/** The columns of one side of a pair, as SQL expressions. */
export interface ScoredSide {
  nameKey: string;
  /** The first consonants of the name key's words (`trainee_name_initials`, see the blocking keys' migration). */
  nameInitials: string;
  patronymicKey: string;
  birthYear: string;
  organizationId: string;
  phone: string;
}

/** The columns of a `trainees` row under an alias. */
export const traineeSide = (alias: string): ScoredSide => ({
  nameKey: `${alias}.name_key`,
  nameInitials: `${alias}.name_initials`,
  patronymicKey: `${alias}.patronymic_key`,
  birthYear: `${alias}.birth_year`,
  organizationId: `${alias}.organization_id`,
  phone: `${alias}.phone`,
});

const both = (a: string, b: string) => `${a} IS NOT NULL AND ${b} IS NOT NULL`;

/** The SQL expressions for the score of a pair and the fields that agree or disagree. */
export function scoreSql(a: ScoredSide, b: ScoredSide): { score: string; matching: string; conflicting: string } {
  const w = SCORE_WEIGHTS;
  const patronymicAlike = `similarity(${a.patronymicKey}, ${b.patronymicKey}) >= 0.5`;
  // Namesakes (one key) are most of a common name's candidates: equal keys are alike without their trigrams.
  const nameAlike = `CASE WHEN ${a.nameKey} = ${b.nameKey} THEN 1 ELSE similarity(${a.nameKey}, ${b.nameKey}) END`;
  const score = `LEAST(1, GREATEST(0, ${nameAlike}
    + CASE WHEN NOT (${both(a.birthYear, b.birthYear)}) THEN 0
           WHEN ${a.birthYear} = ${b.birthYear} THEN ${w.birthYearSame}
           WHEN abs(${a.birthYear} - ${b.birthYear}) >= 2 THEN ${w.birthYearApart} ELSE 0 END
    + CASE WHEN NOT (${both(a.phone, b.phone)}) THEN 0
           WHEN ${a.phone} = ${b.phone} THEN ${w.phoneSame} ELSE ${w.phoneDifferent} END
    + CASE WHEN ${both(a.organizationId, b.organizationId)} AND ${a.organizationId} = ${b.organizationId}
           THEN ${w.organizationSame} ELSE 0 END
    + CASE WHEN NOT (${both(a.patronymicKey, b.patronymicKey)}) THEN 0
           WHEN ${patronymicAlike} THEN ${w.patronymicSame} ELSE ${w.patronymicDifferent} END
    + CASE WHEN length(${a.nameInitials}) = length(${b.nameInitials}) AND ${a.nameInitials} <> ${b.nameInitials}
           THEN ${w.initialsDifferent} ELSE 0 END))::real`;
  const field = (name: string, condition: string) => `CASE WHEN ${condition} THEN '${name}' END`;
  const matching = `array_remove(ARRAY[
    ${field('name', `${a.nameKey} = ${b.nameKey}`)},
    ${field('patronymic', `${both(a.patronymicKey, b.patronymicKey)} AND ${patronymicAlike}`)},
    ${field('birthYear', `${a.birthYear} = ${b.birthYear}`)},
    ${field('organization', `${a.organizationId} = ${b.organizationId}`)},
    ${field('phone', `${a.phone} = ${b.phone}`)}]::text[], NULL)`;
  const conflicting = `array_remove(ARRAY[
    ${field('patronymic', `${both(a.patronymicKey, b.patronymicKey)} AND NOT (${patronymicAlike})`)},
    ${field('birthYear', `${a.birthYear} <> ${b.birthYear}`)},
    ${field('organization', `${a.organizationId} <> ${b.organizationId}`)},
    ${field('phone', `${a.phone} <> ${b.phone}`)}]::text[], NULL)`;
  return { score, matching, conflicting };
}
