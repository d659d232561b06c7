import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsEnum,
  IsIn,
  IsInt,
  IsOptional,
  IsUUID,
  Matches,
  Max,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';

import { type Locale, SUPPORTED_LOCALES } from '@cascade/i18n';

import { JobAcceptedResponseDto } from '../../../infrastructure/jobs/index.js';
import { COUNTRY_CODE, type MatchField } from '../../trainees/index.js';
import { MAX_SESSION_COLUMNS } from '../import-columns.js';
import { REPORTED_ROWS_LIMIT, RowChoice } from '../import-report.js';
import { ImportFormat, ImportKind, ImportStatus } from '../registry-import.entity.js';

export class TraineesImportQueryDto {
  @ApiProperty({ example: 'KG', description: "The trainees' country: one of the caller's" })
  @Matches(COUNTRY_CODE)
  country: string;
}

export class TemplateParamsDto {
  @ApiProperty({ enum: ImportKind })
  @IsEnum(ImportKind)
  kind: ImportKind;
}

export class TemplateQueryDto {
  @ApiProperty({ enum: ImportFormat })
  @IsEnum(ImportFormat)
  format: ImportFormat;

  @ApiPropertyOptional({ enum: SUPPORTED_LOCALES, description: "The headers' language; the caller's by default" })
  @IsOptional()
  @IsIn(SUPPORTED_LOCALES)
  locale?: Locale;

  @ApiPropertyOptional({
    minimum: 1,
    maximum: MAX_SESSION_COLUMNS,
    default: 4,
    description: 'Event records: session columns',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_SESSION_COLUMNS)
  sessions?: number;
}

/** The officer's answer for one row that may be a registered trainee. */
export class RowResolutionDto {
  @ApiProperty({ description: 'The row as the report numbers it' })
  @IsInt()
  @Min(2)
  row: number;

  @ApiProperty({
    enum: RowChoice,
    description:
      '`same`: the row is the candidate `traineeId` (linked: enrolled, its empty fields filled, nothing overwritten); ' +
      '`new`: a new person, recorded as different from the candidates the report shows for the row; `skip`: nothing written',
  })
  @IsEnum(RowChoice)
  choice: RowChoice;

  @ApiPropertyOptional({ format: 'uuid', description: 'For `same`: one of the row’s candidates' })
  @ValidateIf((resolution: RowResolutionDto) => resolution.choice === RowChoice.Same)
  @IsUUID()
  traineeId?: string;
}

export class CommitImportDto {
  @ApiPropertyOptional({
    description: 'The rows of the file that may name one person (reported as sameAsRows) are different people',
  })
  @IsOptional()
  @IsBoolean()
  repeatsConfirmed?: boolean;

  @ApiPropertyOptional({
    type: [RowResolutionDto],
    description:
      'One answer for each row with registry candidates (`duplicates`); a row without an answer, or whose ' +
      'candidates changed since the dry run, is refused (409) and nothing is written',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(REPORTED_ROWS_LIMIT + 1)
  @ValidateNested({ each: true })
  @Type(() => RowResolutionDto)
  resolutions?: RowResolutionDto[];

  @ApiPropertyOptional({
    description:
      'Rows with registry candidates and no answer in `resolutions` (those past the report’s first rows too) are ' +
      'registered as new people, recorded as different from no one: their pairs wait in the duplicate queue',
  })
  @IsOptional()
  @IsBoolean()
  unansweredAsNew?: boolean;
}

export class ProblemDto {
  @ApiProperty({ nullable: true, type: String, description: 'The header as written in the file' }) column:
    string | null;
  @ApiProperty({ nullable: true, type: String, example: 'consent_date' }) field: string | null;
  @ApiProperty({ example: 'invalid_date' }) code: string;
  @ApiProperty({ example: 'must be a date such as 31.12.2024.' }) message: string;
}

const MATCH_FIELDS = ['name', 'patronymic', 'birthYear', 'organization', 'phone'];

/** A registered trainee a row may be; the name as it is now, null when the reader may not see it. */
export class DuplicateCandidateDto {
  @ApiProperty({ format: 'uuid' }) traineeId: string;
  @ApiProperty({ nullable: true, type: String }) fullName: string | null;
  @ApiProperty({ nullable: true, type: String }) latinName: string | null;
  @ApiProperty({ nullable: true, type: Number }) birthYear: number | null;
  @ApiProperty({ nullable: true, type: String, example: 'judge' }) profession: string | null;
  @ApiProperty({ nullable: true, type: String }) organizationName: string | null;
  @ApiProperty({ nullable: true, type: String, description: "In the reader's language" }) regionName: string | null;
  @ApiProperty({ minimum: 0, maximum: 1, example: 0.83 }) score: number;
  @ApiProperty({ enum: MATCH_FIELDS, isArray: true, description: 'Fields both records have and agree on' })
  matchingFields: MatchField[];
  @ApiProperty({ enum: MATCH_FIELDS, isArray: true, description: 'Fields both records have and disagree on' })
  conflictingFields: MatchField[];
}

/** What the file says of a row's person (until the commit), to compare with its candidates. */
export class ImportedPersonDto {
  @ApiProperty() fullName: string;
  @ApiProperty({ nullable: true, type: Number }) birthYear: number | null;
  @ApiProperty({ example: 'judge' }) profession: string;
  @ApiProperty({ nullable: true, type: String }) regionCode: string | null;
  @ApiProperty({ nullable: true, type: String, description: "In the reader's language" }) regionName: string | null;
  @ApiProperty({ nullable: true, type: String }) phone: string | null;
}

export class ReportedRowDto {
  @ApiProperty({ description: 'As the spreadsheet numbers it: the header is row 1' }) row: number;
  @ApiProperty({ type: [ProblemDto] }) problems: ProblemDto[];
  @ApiProperty({
    type: [Number],
    description:
      'Other rows of the file that may name the same person: same name key and birth year, no two different patronymics (the first 20)',
  })
  sameAsRows: number[];
  @ApiProperty({
    type: [DuplicateCandidateDto],
    description: 'Trainees already registered that this row may be, likeliest first (duplicate detection)',
  })
  duplicates: DuplicateCandidateDto[];
  @ApiPropertyOptional({ type: ImportedPersonDto, description: 'For a row with candidates, until the commit' })
  person?: ImportedPersonDto;
}

export class FileProblemDto {
  @ApiProperty() code: string;
  @ApiProperty() message: string;
}

export class ColumnMatchDto {
  @ApiProperty() column: string;
  @ApiProperty() field: string;
}

export class ImportReportDto {
  @ApiProperty({
    type: [String],
    description:
      'Read first: the columns not read, and that a birth-date column gave the year only (dates are not kept)',
  })
  notices: string[];
  @ApiPropertyOptional({ type: FileProblemDto }) fileProblem?: FileProblemDto;
  @ApiProperty({ nullable: true, type: String, example: 'windows-1251' }) encoding: string | null;
  @ApiProperty({ nullable: true, type: String, example: ';' }) separator: string | null;
  @ApiProperty({ type: [ColumnMatchDto] }) columns: ColumnMatchDto[];
  @ApiProperty({ type: [String] }) ignoredColumns: string[];
  @ApiProperty() totalRows: number;
  @ApiProperty() validRows: number;
  @ApiProperty() invalidRows: number;
  @ApiProperty({ description: 'Groups of rows naming the same person' }) duplicateGroups: number;
  @ApiProperty({ description: 'Valid rows that may be trainees already registered (all of them)' })
  registryDuplicateRows: number;
  @ApiProperty({ type: [ReportedRowDto], description: 'Rows with problems or duplicates (the first 1,000)' })
  rows: ReportedRowDto[];
  @ApiProperty() truncated: boolean;
}

export class ImportResultDto {
  @ApiProperty() trainees: number;
  @ApiProperty() enrollments: number;
  @ApiProperty() attendanceMarks: number;
  @ApiProperty() assessments: number;
  @ApiProperty({ description: 'Pairs (new trainee, registered candidate) recorded as different people' })
  distinctPairs: number;
  @ApiProperty({ description: 'Rows linked to a registered trainee (no one registered)' }) linked: number;
  @ApiProperty({ description: 'Rows skipped' }) skipped: number;
  @ApiProperty({ description: "Linked trainees' empty fields filled from the file" }) filledFields: number;
  @ApiProperty({ description: 'Values of the file that differ from a linked trainee’s: the registered value kept' })
  keptFields: number;
  @ApiProperty({
    description:
      'Unanswered rows registered as new people (unansweredAsNew): their possible duplicates are in the queue',
  })
  toReview: number;
}

export class ImportResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: ImportKind }) kind: ImportKind;
  @ApiProperty({ enum: ImportStatus }) status: ImportStatus;
  @ApiProperty() fileName: string;
  @ApiProperty({ enum: ImportFormat }) format: ImportFormat;
  @ApiProperty() countryCode: string;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) eventId: string | null;
  @ApiProperty({ description: 'Data rows: estimated until checked' }) rowCount: number;
  @ApiProperty({ nullable: true, type: ImportReportDto }) report: ImportReportDto | null;
  @ApiProperty({ nullable: true, type: ImportResultDto }) result: ImportResultDto | null;
  @ApiProperty() createdAt: string;
  @ApiProperty({ nullable: true, type: String }) committedAt: string | null;
  @ApiProperty({ example: '/imports/7c…/commit' }) commitUrl: string;
}

/** A file too large to handle in the request: a job checks or commits it. */
export class ImportAcceptedResponseDto extends JobAcceptedResponseDto {
  @ApiProperty({ format: 'uuid' }) importId: string;
  @ApiProperty({ example: '/imports/7c…' }) importUrl: string;
}

/** One import in the list of one's imports: what it is and what became of it, without its report. */
export class ImportSummaryDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: ImportKind }) kind: ImportKind;
  @ApiProperty({ enum: ImportStatus }) status: ImportStatus;
  @ApiProperty() fileName: string;
  @ApiProperty({ enum: ImportFormat }) format: ImportFormat;
  @ApiProperty() countryCode: string;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) eventId: string | null;
  @ApiProperty({ description: 'Data rows: estimated until checked' }) rowCount: number;
  @ApiProperty({ nullable: true, type: Number, description: 'Rows with problems, once checked' })
  invalidRows: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'Trainees written, once committed' })
  trainees: number | null;
  @ApiProperty() createdAt: string;
  @ApiProperty({ nullable: true, type: String }) committedAt: string | null;
  @ApiProperty({ example: '/imports/7c…' }) importUrl: string;
}

export class ImportsPageDto {
  @ApiProperty({ type: [ImportSummaryDto] }) items: ImportSummaryDto[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() limit: number;
}
