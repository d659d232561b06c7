import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsDefined, IsEnum, IsOptional, IsUUID, Matches } from 'class-validator';

import { InstructionLanguage, Profession, Sex } from '../../reference/index.js';
import {
  BirthYearField,
  ContactEmailField,
  COUNTRY_CODE,
  MIN_BIRTH_YEAR,
  PersonNameField,
  PhoneField,
  REGION_CODE,
} from './trainee-fields.js';

/**
 * A trainee registered with their consent. Only what reports need is required; contact data
 * is optional, and all of it but the anonymous counts is erased if consent is withdrawn.
 */
export class CreateTraineeDto {
  @ApiProperty({
    example: 'Тоқтоғулов Нурлан Асанович',
    minLength: 2,
    maxLength: 200,
    description: 'As written, any script',
  })
  @PersonNameField()
  fullName: string;

  @ApiPropertyOptional({
    example: 'Toktogulov Nurlan Asanovich',
    maxLength: 200,
    description: 'Latin letters; transliterated from fullName when not given',
  })
  @IsOptional()
  @PersonNameField()
  latinName?: string;

  @ApiProperty({ enum: Sex })
  @IsEnum(Sex)
  sex: Sex;

  @ApiProperty({ enum: Profession })
  @IsEnum(Profession)
  profession: Profession;

  @ApiPropertyOptional({ format: 'uuid', description: "An organization in the trainee's country" })
  @IsOptional()
  @IsUUID()
  organizationId?: string;

  @ApiProperty({ example: 'KG', description: "One of the caller's countries" })
  @Matches(COUNTRY_CODE)
  countryCode: string;

  @ApiPropertyOptional({ example: 'KG-O', description: "A region of the trainee's country" })
  @IsOptional()
  @Matches(REGION_CODE)
  regionCode?: string;

  @ApiPropertyOptional({ example: 1984, minimum: MIN_BIRTH_YEAR, description: 'Up to the current year' })
  @IsOptional()
  @BirthYearField()
  birthYear?: number;

  @ApiPropertyOptional({
    example: '+996555123456',
    maxLength: 20,
    description: '+ and digits; spaces, dashes and brackets are dropped',
  })
  @IsOptional()
  @PhoneField()
  phone?: string;

  @ApiPropertyOptional({ example: 'n.toktogulov@example.kg' })
  @IsOptional()
  @ContactEmailField()
  email?: string;

  @ApiPropertyOptional({ enum: InstructionLanguage, description: "The language of the trainee's certificate" })
  @IsOptional()
  @IsEnum(InstructionLanguage)
  preferredLanguage?: InstructionLanguage;

  @ApiProperty({
    example: true,
    description: 'Must be true: the trainee agreed to be recorded. The time and the recording user are kept.',
  })
  @IsDefined()
  @IsBoolean()
  consentGiven: boolean;

  @ApiPropertyOptional({
    example: false,
    description:
      'true registers the trainee although recorded trainees look like the same person (409 possible_duplicates ' +
      'otherwise); the pairs shown are recorded as different people and never proposed again',
  })
  @IsOptional()
  @IsBoolean()
  notDuplicate?: boolean;
}
