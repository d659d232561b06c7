import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsOptional, IsString, MaxLength } from 'class-validator';

const trimmed = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

/** A title in any of the five languages; at least one is required (checked by the service). */
export class LocalizedTitleDto {
  @ApiPropertyOptional({ example: 'Istanbul Protocol for forensic experts', maxLength: 200 })
  @IsOptional()
  @Transform(trimmed)
  @IsString()
  @MaxLength(200)
  en?: string;

  @ApiPropertyOptional({ example: 'Стамбульский протокол для судебно-медицинских экспертов', maxLength: 200 })
  @IsOptional()
  @Transform(trimmed)
  @IsString()
  @MaxLength(200)
  ru?: string;

  @ApiPropertyOptional({ maxLength: 200 })
  @IsOptional()
  @Transform(trimmed)
  @IsString()
  @MaxLength(200)
  ky?: string;

  @ApiPropertyOptional({ maxLength: 200 })
  @IsOptional()
  @Transform(trimmed)
  @IsString()
  @MaxLength(200)
  tg?: string;

  @ApiPropertyOptional({ maxLength: 200 })
  @IsOptional()
  @Transform(trimmed)
  @IsString()
  @MaxLength(200)
  uk?: string;
}

/** A description in any of the five languages, all optional. */
export class LocalizedDescriptionDto {
  @ApiPropertyOptional({ maxLength: 4000 })
  @IsOptional()
  @Transform(trimmed)
  @IsString()
  @MaxLength(4000)
  en?: string;

  @ApiPropertyOptional({ maxLength: 4000 })
  @IsOptional()
  @Transform(trimmed)
  @IsString()
  @MaxLength(4000)
  ru?: string;

  @ApiPropertyOptional({ maxLength: 4000 })
  @IsOptional()
  @Transform(trimmed)
  @IsString()
  @MaxLength(4000)
  ky?: string;

  @ApiPropertyOptional({ maxLength: 4000 })
  @IsOptional()
  @Transform(trimmed)
  @IsString()
  @MaxLength(4000)
  tg?: string;

  @ApiPropertyOptional({ maxLength: 4000 })
  @IsOptional()
  @Transform(trimmed)
  @IsString()
  @MaxLength(4000)
  uk?: string;
}
