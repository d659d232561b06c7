import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsEnum,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';

import type { CountryTarget } from '../country-target.entity.js';
import { Indicator, TargetDimension } from '../indicators.js';

export class ListTargetsQueryDto {
  @ApiPropertyOptional({ example: 'KG' })
  @IsOptional()
  @Matches(/^[A-Z]{2}$/)
  country?: string;

  @ApiPropertyOptional({ example: 2025 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(2000)
  @Max(2100)
  year?: number;
}

export class TargetInputDto {
  @ApiProperty({ example: 'KG' })
  @Matches(/^[A-Z]{2}$/)
  country: string;

  @ApiProperty({ example: 2025 })
  @IsInt()
  @Min(2000)
  @Max(2100)
  year: number;

  @ApiProperty({ enum: Indicator })
  @IsEnum(Indicator)
  indicator: Indicator;

  @ApiPropertyOptional({
    enum: TargetDimension,
    nullable: true,
    description: "null (or left out) for the country's total",
  })
  @IsOptional()
  @IsEnum(TargetDimension)
  breakdownDimension?: TargetDimension | null;

  @ApiPropertyOptional({ example: 'female', nullable: true, description: 'A value of the dimension' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  breakdownValue?: string | null;

  @ApiProperty({ example: 120 })
  @IsNumber({ maxDecimalPlaces: 2, allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(9_999_999_999)
  targetValue: number;
}

export class UpsertTargetsDto {
  @ApiProperty({ type: [TargetInputDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => TargetInputDto)
  targets: TargetInputDto[];
}

export class TargetResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'KG' }) country: string;
  @ApiProperty({ example: 2025 }) year: number;
  @ApiProperty({ enum: Indicator }) indicator: Indicator;
  @ApiProperty() indicatorLabel: string;
  @ApiProperty({ enum: TargetDimension, nullable: true }) breakdownDimension: TargetDimension | null;
  @ApiProperty({ nullable: true, type: String }) breakdownValue: string | null;
  @ApiProperty({ example: 120 }) targetValue: number;

  static from(target: CountryTarget, indicatorLabel: string): TargetResponseDto {
    return {
      id: target.id,
      country: target.countryCode,
      year: target.year,
      indicator: target.indicator,
      indicatorLabel,
      breakdownDimension: target.breakdownDimension,
      breakdownValue: target.breakdownValue,
      targetValue: target.targetValue,
    };
  }
}
