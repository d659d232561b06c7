import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
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
  @ApiProperty({ type: [ProgressRowDto] }) rows: ProgressRowDto[];
}
