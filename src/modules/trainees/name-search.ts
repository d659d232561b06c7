import type { DataSource, SelectQueryBuilder } from 'typeorm';

import { NAME_SEARCH_SIMILARITY } from './duplicates/name-key.js';
import type { Trainee } from './trainee.entity.js';

/**
 * A name search (see duplicates/name-key.ts): any word order, any script or Latin scheme, a small
 * typo, a word's start. Found are the trainees whose name key bears every searched word, and
 * those whose name key bears, for every searched word, one like it (a typo, a longer word it
 * begins) and is at least NAME_SEARCH_SIMILARITY alike by pg_trgm word similarity; ranked by
 * that similarity (1 for the names bearing every searched word).
 *
 * Read by words, so that the similarity is computed on the names bearing like words only, never
 * on every name sharing a trigram with the search (a trigram index over 100 000 names reads tens
 * of thousands of entries for "an " or "ov "): each searched word's like words are first looked
 * up in the list of the registry's name words (`trainee_name_words`, its trigram index), then
 * only the trainees bearing one of them for every searched word are read (the GIN index on the
 * name key's words). The word list uses pg_trgm's own cut-offs (similarity 0.3 or word
 * similarity 0.6), looser than the name's: a typo costs a short word more of its trigrams than it
 * costs a whole name.
 */
export interface NameSearch {
  key: string;
  words: string[];
  /**
   * For each searched word the registry knows (it or one like it is a word of a name), the words
   * of the registry like it, itself included. A word it does not know (a typo past recognising,
   * "кзы" for "кызы") is not required: the name's similarity judges it.
   */
  likeWords: string[][];
}

/** A name's words, as SQL: its key's, then its patronymic key's (the GIN index's expression). */
const nameWords = (alias: string) =>
  `string_to_array(${alias}.name_key || coalesce(' ' || ${alias}.patronymic_key, ''), ' ')`;

export async function nameSearchOf(dataSource: DataSource, key: string): Promise<NameSearch> {
  const words = [...new Set(key.split(' '))];
  const rows = await dataSource.query<{ like_words: string[] }[]>(
    `SELECT ARRAY(SELECT n.word FROM trainee_name_words n WHERE n.word % s.word OR s.word <% n.word) AS like_words
       FROM unnest($1::text[]) WITH ORDINALITY AS s(word, n)
      ORDER BY s.n`,
    [words],
  );
  const known = rows
    .map((row, i) => [...new Set([words[i], ...row.like_words])])
    .filter((_, i) => rows[i].like_words.length > 0);
  // No word known: the search finds nothing, and says so from the index (never reading every name).
  return { key, words, likeWords: known.length > 0 ? known : words.map((word) => [word]) };
}

/** Narrows the query to the names bearing, for every searched word, a word like it. */
export function whereNameWordsLike(builder: SelectQueryBuilder<Trainee>, alias: string, search: NameSearch): void {
  search.likeWords.forEach((likeWords, i) => {
    builder.andWhere(`${nameWords(alias)} && CAST(:nameLikeWords${i} AS text[])`, {
      [`nameLikeWords${i}`]: likeWords,
    });
  });
}

/**
 * The name's rank for the search, as SQL (its parameters set on the builder): above 1 for a name
 * bearing every searched word, the fewer other words the higher; else the word similarity of the
 * searched name to the name's words.
 */
function nameRank(builder: SelectQueryBuilder<Trainee>, alias: string, search: NameSearch): string {
  builder.setParameters({ nameSearch: search.key, nameWords: search.words });
  return `CASE WHEN ${nameWords(alias)} @> CAST(:nameWords AS text[]) THEN 1 + 1.0 / cardinality(${nameWords(alias)})
               ELSE word_similarity(CAST(:nameSearch AS text), array_to_string(${nameWords(alias)}, ' ')) END`;
}

/** Only the names found (for a search listed in another order than its rank). */
export function whereNameFound(builder: SelectQueryBuilder<Trainee>, alias: string, search: NameSearch): void {
  builder.andWhere(`${nameRank(builder, alias, search)} >= CAST(:nameLeast AS float8)`, {
    nameLeast: NAME_SEARCH_SIMILARITY,
  });
}

/**
 * The ids of one page of a name search's finds, likeliest first, and how many there are: one
 * statement, in which each candidate's rank is computed once (`builder`: the query with its
 * filters and whereNameWordsLike, not yet paged).
 */
export async function rankedPage(
  builder: SelectQueryBuilder<Trainee>,
  alias: string,
  search: NameSearch,
  page: { offset: number; limit: number },
): Promise<{ ids: string[]; total: number }> {
  const candidates = builder.clone().orderBy();
  candidates.select(`${alias}.id`, 'id').addSelect(nameRank(candidates, alias, search), 'rank');
  const [sql, parameters] = candidates.getQueryAndParameters() as [string, unknown[]];
  const at = parameters.length;
  const [row] = await builder.connection.query<{ total: number; ids: string[] }[]>(
    `WITH candidates AS MATERIALIZED (${sql}),
          found AS MATERIALIZED (SELECT id, rank FROM candidates WHERE rank >= $${at + 1}::float8)
     SELECT (SELECT count(*) FROM found)::int AS total,
            ARRAY(SELECT id FROM found ORDER BY rank DESC, id OFFSET $${at + 2} LIMIT $${at + 3}) AS ids`,
    [...parameters, NAME_SEARCH_SIMILARITY, page.offset, page.limit],
  );
  return row;
}
