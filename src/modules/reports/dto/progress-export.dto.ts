import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsEnum, Matches } from 'class-validator';

import { IsDateOnly } from '@cascade/common';

import { Breakdown } from '../indicators.js';
import { ExportFormat } from '../report-export.entity.js';

export class ProgressExportDto {
  @ApiProperty({ example: 'KG' })
  @Matches(/^[A-Z]{2}$/)
  country: string;

  @ApiProperty({ example: '2025-01-01', format: 'date' })
  @IsDateOnly()
  from: string;

  @ApiProperty({ example: '2025-12-31', format: 'date', description: 'At most 10 years after `from`' })
  @IsDateOnly()
  to: string;

  @ApiProperty({
    enum: Breakdown,
    isArray: true,
    example: [Breakdown.None, Breakdown.Sex],
    description:
      'One part of the file each (an XLSX sheet, a PDF table); donors: none, year, quarter or sex only. The cascade is always added.',
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(Object.values(Breakdown).length)
  @ArrayUnique()
  @IsEnum(Breakdown, { each: true })
  breakdowns: Breakdown[];

  @ApiProperty({ enum: ExportFormat, description: 'csv, xlsx or pdf' })
  @IsEnum(ExportFormat)
  format: ExportFormat;
}

export class ExportResultDto {
  @ApiProperty({ format: 'uuid' }) exportId: string;
  @ApiProperty({ example: '/reports/exports/3f1c…' }) downloadUrl: string;
  @ApiProperty({ example: 'progress-KG-2025-01-01-2025-12-31.xlsx' }) fileName: string;
  @ApiProperty({ description: 'Bytes' }) size: number;
  @ApiProperty({ format: 'date-time' }) expiresAt: string;
}
