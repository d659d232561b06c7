import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDefined, IsString, Matches, MaxLength, MinLength, ValidateNested } from 'class-validator';

/** The country's name in each of the five languages. */
export class CountryNamesDto {
  @ApiProperty({ example: 'Kazakhstan' }) @IsString() @MinLength(1) @MaxLength(100) en: string;
  @ApiProperty({ example: 'Казахстан' }) @IsString() @MinLength(1) @MaxLength(100) ru: string;
  @ApiProperty({ example: 'Казакстан' }) @IsString() @MinLength(1) @MaxLength(100) ky: string;
  @ApiProperty({ example: 'Қазоқистон' }) @IsString() @MinLength(1) @MaxLength(100) tg: string;
  @ApiProperty({ example: 'Казахстан' }) @IsString() @MinLength(1) @MaxLength(100) uk: string;
}

export class CreateCountryDto {
  @ApiProperty({ example: 'KZ', description: 'ISO 3166-1 alpha-2' })
  @Matches(/^[A-Z]{2}$/)
  code: string;

  @ApiProperty({ type: CountryNamesDto })
  @IsDefined()
  @ValidateNested()
  @Type(() => CountryNamesDto)
  names: CountryNamesDto;
}
