import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';

import { CERTIFICATE_STATUSES, type CertificateStatus } from '../certificate-view.js';

const blankAsMissing = ({ value }: { value: unknown }) => (value === '' ? undefined : value);

/** The filters of a country's certificate register (a replaced code is never a row: no status for it). */
export class CertificateRegisterQueryDto {
  @ApiProperty({ example: 'KG' }) @Matches(/^[A-Z]{2}$/) country: string;
  @ApiPropertyOptional() @Transform(blankAsMissing) @IsOptional() @IsUUID() course?: string;
  @ApiPropertyOptional({ example: 2025 })
  @Transform(blankAsMissing)
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(2000)
  @Max(2100)
  year?: number;
  @ApiPropertyOptional({ enum: CERTIFICATE_STATUSES.filter((status) => status !== 'replaced') })
  @Transform(blankAsMissing)
  @IsOptional()
  @IsIn(CERTIFICATE_STATUSES.filter((status) => status !== 'replaced'))
  status?: Exclude<CertificateStatus, 'replaced'>;
  @ApiPropertyOptional({ minimum: 1 })
  @Transform(blankAsMissing)
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100_000)
  page?: number;
}

/** Who issues a country's certificates, as the officer types it. */
export class CertificateIssuerDto {
  @ApiProperty() @Transform(trim) @IsString() @MinLength(2) @MaxLength(200) organization: string;
  @ApiProperty() @Transform(trim) @IsString() @MinLength(2) @MaxLength(200) signatoryName: string;
  @ApiProperty() @Transform(trim) @IsString() @MinLength(2) @MaxLength(200) signatoryTitle: string;
}

function trim({ value }: { value: unknown }) {
  return typeof value === 'string' ? value.trim() : value;
}
