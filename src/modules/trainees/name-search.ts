import type { SelectQueryBuilder } from 'typeorm';

import { NAME_SEARCH_SIMILARITY } from './duplicates/name-key.js';
import type { Trainee } from './trainee.entity.js';

/**
 * A trainee query narrowed to the names like a searched name key (see duplicates/name-key.ts): any
 * word order, any script or Latin scheme, a small typo, a word's start. Found are the trainees
 * whose name key is at least NAME_SEARCH_SIMILARITY alike by pg_trgm word similarity and bears,
 * for every searched word, that word or one like it.
 *
 * Read by words, so that the similarity is computed on a few hundred names at most, never on
 * every name sharing a trigram with the search: each searched word is looked up in the list of
 * the registry's name words (`trainee_name_words`, its trigram index: the word itself, its
 * spellings with a typo, the words it begins), and only the trainees bearing one of those words
 * for every searched word are read (the GIN index on the name key's words). The word list uses
 * pg_trgm's own cut-offs (similarity 0.3 or word similarity 0.6), looser than the name's: a typo
 * costs a short word more of its trigrams than it costs a whole name.
 */
export function whereNameWordsLike(builder: SelectQueryBuilder<Trainee>, alias: string, searchKey: string): void {
  [...new Set(searchKey.split(' '))].forEach((word, i) => {
    const param = `nameWord${i}`;
    builder.andWhere(
      `string_to_array(${alias}.name_key, ' ') && ARRAY(
         SELECT CAST(:${param} AS text)
          UNION
         SELECT word FROM trainee_name_words WHERE word % CAST(:${param} AS text) OR CAST(:${param} AS text) <% word)`,
      { [param]: word },
    );
  });
}

/** The name's similarity to the searched name, as SQL (its parameter set on the builder). */
export function nameSimilarity(builder: SelectQueryBuilder<Trainee>, alias: string, searchKey: string): string {
  builder.setParameter('nameSearch', searchKey);
  return `word_similarity(CAST(:nameSearch AS text), ${alias}.name_key)`;
}

/** Only the names at least NAME_SEARCH_SIMILARITY alike (for a search listed in another order than its rank). */
export function whereNameSimilar(builder: SelectQueryBuilder<Trainee>, alias: string, searchKey: string): void {
  builder.andWhere(`${nameSimilarity(builder, alias, searchKey)} >= CAST(:nameLeast AS float8)`, {
    nameLeast: NAME_SEARCH_SIMILARITY,
  });
}

/**
 * The ids of one page of a name search's matches, likeliest first, and how many match: one
 * statement, in which each candidate's similarity is computed once (`builder`: the query with its
 * filters and whereNameWordsLike, not yet paged).
 */
export async function rankedPage(
  builder: SelectQueryBuilder<Trainee>,
  alias: string,
  searchKey: string,
  page: { offset: number; limit: number },
): Promise<{ ids: string[]; total: number }> {
  const candidates = builder.clone().orderBy();
  candidates.select(`${alias}.id`, 'id').addSelect(nameSimilarity(candidates, alias, searchKey), 'rank');
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
