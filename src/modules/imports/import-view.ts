import type { DataSource } from 'typeorm';

import { type AuthUser, countryScope } from '@cascade/auth';
import { type Locale, translate, type TranslationParams } from '@cascade/i18n';

import type { DuplicateCandidateDto, ImportedPersonDto, ImportReportDto } from './dto/import.dto.js';
import { columnLabel, vocabularyLabels } from './import-columns.js';
import { reportNotices } from './import-notices.js';
import { type DuplicateCandidate, type ImportedPerson, type ImportReport, withoutRegistry } from './import-report.js';

/** What tells a registered candidate apart, read when the report is shown (never stored with it). */
interface CandidateDetails {
  fullName: string | null;
  latinName: string | null;
  birthYear: number | null;
  profession: string | null;
  organizationName: string | null;
  regionName: string | null;
}

/** Candidates by id, and the names of the regions the file's rows give. */
export interface ReportDetails {
  candidates: Map<string, CandidateDetails>;
  regionNames: Map<string, string>;
}

/**
 * A report's candidates as they are now (one query): name, birth year, profession, organisation
 * and region by name in the reader's language. A trainee who withdrew consent has no name, and
 * one of a country the caller no longer covers is shown by id and score only.
 */
export async function readCandidateDetails(
  dataSource: DataSource,
  user: AuthUser,
  report: ImportReport | null,
  locale: Locale,
): Promise<ReportDetails> {
  const details: ReportDetails = { candidates: new Map(), regionNames: new Map() };
  const rows = report?.rows ?? [];
  const ids = [...new Set(rows.flatMap((row) => row.duplicates.map((c) => c.traineeId)))];
  const regionCodes = [...new Set(rows.flatMap((row) => (row.person?.regionCode ? [row.person.regionCode] : [])))];
  if (ids.length > 0) {
    const found = await dataSource.query<
      {
        id: string;
        full_name: string | null;
        latin_name: string | null;
        birth_year: number | null;
        profession: string | null;
        organization_name: string | null;
        region_name: string | null;
      }[]
    >(
      `SELECT t.id, t.full_name, t.latin_name, t.birth_year, t.profession::text AS profession,
              o.name AS organization_name, COALESCE(r.names ->> $3, r.names ->> 'en') AS region_name
         FROM trainees t
         LEFT JOIN organizations o ON o.id = t.organization_id
         LEFT JOIN regions r ON r.code = t.region_code
        WHERE t.id = ANY($1::uuid[]) AND ($2::text[] IS NULL OR t.country_code = ANY($2::text[]))`,
      [ids, countryScope(user), locale],
    );
    for (const trainee of found) {
      details.candidates.set(trainee.id, {
        fullName: trainee.full_name,
        latinName: trainee.latin_name,
        birthYear: trainee.birth_year,
        // A trainee without a name (consent withdrawn) shows nothing else either.
        profession: trainee.full_name === null ? null : trainee.profession,
        organizationName: trainee.full_name === null ? null : trainee.organization_name,
        regionName: trainee.full_name === null ? null : trainee.region_name,
      });
    }
  }
  if (regionCodes.length > 0) {
    const regions = await dataSource.query<{ code: string; name: string }[]>(
      `SELECT code, COALESCE(names ->> $2, names ->> 'en') AS name FROM regions WHERE code = ANY($1::text[])`,
      [regionCodes, locale],
    );
    for (const region of regions) details.regionNames.set(region.code, region.name);
  }
  return details;
}

export function candidateDto(candidate: DuplicateCandidate, details: ReportDetails): DuplicateCandidateDto {
  const found = details.candidates.get(candidate.traineeId);
  return {
    traineeId: candidate.traineeId,
    fullName: found?.fullName ?? null,
    latinName: found?.latinName ?? null,
    birthYear: found?.birthYear ?? null,
    profession: found?.profession ?? null,
    organizationName: found?.organizationName ?? null,
    regionName: found?.regionName ?? null,
    score: candidate.score,
    matchingFields: candidate.matchingFields,
    conflictingFields: candidate.conflictingFields,
  };
}

function personDto(person: ImportedPerson, details: ReportDetails): ImportedPersonDto {
  return {
    ...person,
    regionName: person.regionCode ? (details.regionNames.get(person.regionCode) ?? null) : null,
  };
}

/** `fields` become the columns' headers, `vocabulary` the accepted values, in the locale. */
export function localizeParams(params: TranslationParams, locale: Locale): TranslationParams {
  const result = { ...params };
  if (typeof params.fields === 'string') {
    result.columns = params.fields
      .split(',')
      .map((field) => `«${columnLabel(locale, field)}»`)
      .join(', ');
  }
  if (typeof params.vocabulary === 'string') result.values = vocabularyLabels(params.vocabulary, locale);
  return result;
}

export function localizeReport(report: ImportReport, locale: Locale, details: ReportDetails): ImportReportDto {
  const { fileProblem, ignoredColumns, ...rest } = withoutRegistry(report);
  return {
    // What was not read comes first, before any row.
    notices: reportNotices(report, locale),
    ignoredColumns,
    ...rest,
    // Reports of imports checked before duplicate detection was wired have no count.
    registryDuplicateRows: report.registryDuplicateRows ?? 0,
    ...(fileProblem
      ? {
          fileProblem: {
            code: fileProblem.code,
            message: translate(locale, `errors.${fileProblem.code}`, localizeParams(fileProblem.params, locale)),
          },
        }
      : {}),
    rows: report.rows.map(({ person, ...row }) => ({
      ...row,
      ...(person ? { person: personDto(person, details) } : {}),
      duplicates: row.duplicates.map((candidate) => candidateDto(candidate, details)),
      problems: row.problems.map((problem) => ({
        column: problem.column,
        field: problem.field,
        code: problem.code,
        message: translate(locale, `validation.${problem.code}`, localizeParams(problem.params ?? {}, locale)),
      })),
    })),
  };
}
