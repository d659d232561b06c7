import type { EntityManager } from 'typeorm';

import type { Locale } from '@cascade/i18n';

import { localized } from '../courses/index.js';

export type QuestionKind = 'count' | 'yes_no' | 'choices' | 'text';

/** A question as one trainee is asked it, in one language. */
export interface FollowUpQuestion {
  key: string;
  kind: QuestionKind;
  text: string;
  choices: { key: string; text: string }[];
  /** The professions it is asked of; null: everyone. */
  professions: string[] | null;
}

/** The longest comment taken: enough for a remark, too short for a case file. */
export const COMMENT_MAX = 500;
/** The largest count believed: more cases than this in six months is a typing slip. */
export const COUNT_MAX = 1000;

interface QuestionRow {
  version: number;
  key: string;
  kind: QuestionKind;
  professions: string[] | null;
  texts: Record<string, string>;
  choices: { key: string; texts: Record<string, string> }[];
}

/**
 * The questions of the newest version (or `version`), in `locale`, in their order; with `profession`,
 * only those asked of it. Answers keep the version they were given under.
 */
export async function loadQuestions(
  manager: EntityManager,
  locale: Locale,
  options: { profession?: string; version?: number } = {},
): Promise<{ version: number; questions: FollowUpQuestion[] }> {
  const rows = await manager.query<QuestionRow[]>(
    `SELECT version, key, kind, professions::text[] AS professions, texts, choices FROM follow_up_questions
      WHERE version = coalesce($1, (SELECT max(version) FROM follow_up_questions))
        AND ($2::profession IS NULL OR professions IS NULL OR $2::profession = ANY(professions))
      ORDER BY position`,
    [options.version ?? null, options.profession ?? null],
  );
  return {
    version: rows[0]?.version ?? options.version ?? 1,
    questions: rows.map((row) => ({
      key: row.key,
      kind: row.kind,
      text: localized(row.texts, locale),
      choices: row.choices.map((choice) => ({ key: choice.key, text: localized(choice.texts, locale) })),
      professions: row.professions,
    })),
  };
}
