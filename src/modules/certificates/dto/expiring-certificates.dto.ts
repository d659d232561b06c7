import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';

const blankAsMissing = ({ value }: { value: unknown }) => (value === '' ? undefined : value);

/** How far ahead the officer's list of expiring certificates looks, in days. */
export const EXPIRY_WINDOWS = [14, 30, 60, 90, 180] as const;

/** The filters of a country's list of certificates that expire soon. */
export class ExpiringCertificatesQueryDto {
  @ApiProperty({ example: 'KG' }) @Matches(/^[A-Z]{2}$/) country: string;
  @ApiPropertyOptional({ enum: EXPIRY_WINDOWS, default: 60 })
  @Transform(blankAsMissing)
  @IsOptional()
  @Type(() => Number)
  @IsIn(EXPIRY_WINDOWS)
  within?: (typeof EXPIRY_WINDOWS)[number];
  @ApiPropertyOptional({ minimum: 1 })
  @Transform(blankAsMissing)
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100_000)
  page?: number;
}
