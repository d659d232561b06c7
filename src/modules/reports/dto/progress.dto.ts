import { ApiProperty, ApiPropertyOptional, type ApiPropertyOptions } from '@nestjs/swagger';
import { IsEnum, IsOptional, Matches } from 'class-validator';

import { IsDateOnly } from '@cascade/common';

import { Breakdown, Indicator } from '../indicators.js';

export class ProgressQueryDto {
  @ApiProperty({ example: 'KG' })
  @Matches(/^[A-Z]{2}$/)
  country: string;

  @ApiProperty({ example: '2025-01-01', format: 'date' })
  @IsDateOnly()
  from: string;

  @ApiProperty({ example: '2025-12-31', format: 'date', description: 'At most 10 years after `from`' })
  @IsDateOnly()
  to: string;

  @ApiPropertyOptional({
    enum: Breakdown,
    default: Breakdown.None,
    description: 'Donors: none, year, quarter or sex only',
  })
  @IsOptional()
  @IsEnum(Breakdown)
  breakdown?: Breakdown;
}

export class ProgressRowDto {
  @ApiProperty({ enum: Indicator }) indicator: Indicator;
  @ApiProperty({ example: 'Individuals who completed in-service training' }) indicatorLabel: string;
  @ApiProperty({ description: 'False when the breakdown does not apply: the indicator is given unbroken' })
  breakdownApplies: boolean;
  @ApiProperty({ description: "The indicator's unbroken row (its total for the period)" }) total: boolean;
  @ApiProperty({ nullable: true, type: String, example: 'female', description: 'null on the total row' })
  breakdownValue: string | null;
  @ApiProperty({ nullable: true, type: String, example: 'Female' }) breakdownLabel: string | null;
  @ApiProperty({
    nullable: true,
    oneOf: [{ type: 'number' }, { type: 'string', example: '≤5' }],
    description: 'A count, mean or rate; for donors a small count reads "≤5" and a withheld value null',
  })
  actual: number | string | null;
  @ApiProperty({
    nullable: true,
    oneOf: [{ type: 'number' }, { type: 'string', example: '≤5' }],
    description: 'People (or scores) behind a mean or rate; null for counts',
  })
  n: number | string | null;
  @ApiProperty({ nullable: true, type: Number }) target: number | null;
  @ApiProperty({ nullable: true, type: Number, example: 87.5 }) percentAchieved: number | null;
  @ApiProperty({ description: 'Hidden by small-cell suppression (donors)' }) suppressed: boolean;
}

const SHOWN_COUNT: ApiPropertyOptions = {
  nullable: true,
  oneOf: [{ type: 'number' }, { type: 'string', example: '≤5' }],
};

export class CascadeGenerationDto {
  @ApiProperty({ example: 1, description: "1 for the country's roots, 2 for the trainers they trained, …" })
  generation: number;
  @ApiProperty({ ...SHOWN_COUNT, description: "The country's trainers of this generation" })
  trainers: number | string | null;
  @ApiProperty({
    ...SHOWN_COUNT,
    description: 'Events held in the period (completed, ending in it) that they led or co-taught',
  })
  events: number | string | null;
  @ApiProperty({ ...SHOWN_COUNT, description: 'Distinct trainees who completed those events' })
  trainees: number | string | null;
  @ApiProperty({ ...SHOWN_COUNT, description: "Of this generation's trainers, those certified at the period's end" })
  certified: number | string | null;
  @ApiProperty({ description: 'A count of this generation is hidden by small-cell suppression (donors)' })
  suppressed: boolean;
}

export class CascadeTotalDto {
  @ApiProperty({ ...SHOWN_COUNT, description: 'Trainers of all generations' }) trainers: number | string | null;
  @ApiProperty({ ...SHOWN_COUNT, description: 'Distinct events: one co-taught by two generations counts once' })
  events: number | string | null;
  @ApiProperty({ ...SHOWN_COUNT, description: 'Distinct trainees reached by all generations' })
  trainees: number | string | null;
  @ApiProperty({ ...SHOWN_COUNT, description: "Trainers of all generations certified at the period's end" })
  certified: number | string | null;
  @ApiProperty() suppressed: boolean;
}

export class ReportCascadeDto {
  @ApiProperty({
    type: [CascadeGenerationDto],
    description:
      'Generation 1: the country\'s trainers whom no trainer of the country trained (master trainers, those trained abroad); generation n + 1: the country\'s trainers whom generation n trained. A trainer reached along two paths counts once, at the nearer generation. Small counts read "≤5" for donors; a count that would give a hidden one away is null.',
  })
  generations: CascadeGenerationDto[];
  @ApiProperty({ type: CascadeTotalDto }) total: CascadeTotalDto;
  @ApiProperty({
    nullable: true,
    type: Number,
    example: 6.67,
    description:
      'The multiplier: distinct trainees who completed an event held in the period that a trainer of any generation led or co-taught (total.trainees), per trainer of generation 1; two decimals. null when there is no generation 1, or when withheld.',
  })
  multiplier: number | null;
  @ApiProperty({ description: "Withheld from a donor: generation 1's trainers or the trainees reached are suppressed" })
  multiplierWithheld: boolean;
  @ApiProperty({ example: 10, description: 'Generations below generation 1 that are followed at most' })
  depthLimit: number;
  @ApiProperty({ description: 'The cascade goes on below the depth limit: counts stop there' })
  depthLimitReached: boolean;
}

export class ProgressReportDto {
  @ApiProperty({ example: 'KG' }) country: string;
  @ApiProperty({ format: 'date' }) from: string;
  @ApiProperty({ format: 'date' }) to: string;
  @ApiProperty({ enum: Breakdown }) breakdown: Breakdown;
  @ApiProperty({ example: 'Sex' }) breakdownLabel: string;
  @ApiProperty({
    nullable: true,
    type: Number,
    description: 'The small-cell threshold applied (donors); null when exact',
  })
  suppressionThreshold: number | null;
  @ApiProperty({
    nullable: true,
    type: Number,
    example: 10,
    description:
      "Donors: counts (and a mean's n) above the threshold are rounded to a multiple of this; null when exact",
  })
  roundingBase: number | null;
  @ApiProperty({ type: [ProgressRowDto] }) rows: ProgressRowDto[];
  @ApiProperty({ type: ReportCascadeDto, description: "The country's cascade over the period, whatever the breakdown" })
  cascade: ReportCascadeDto;
}
