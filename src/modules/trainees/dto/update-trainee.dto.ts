import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsEnum, IsOptional, IsUUID, Matches, ValidateIf } from 'class-validator';

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

/** Validates the field when it is present; null is refused (the field cannot be cleared). */
const IfPresent = () => ValidateIf((_: object, value: unknown) => value !== undefined);

/**
 * A correction of a trainee's record: only the fields sent change; null clears an optional
 * field. After consent was withdrawn no name, birth year or contact can be set again (409).
 */
export class UpdateTraineeDto {
  @ApiPropertyOptional({ minLength: 2, maxLength: 200 })
  @IfPresent()
  @PersonNameField()
  fullName?: string;

  @ApiPropertyOptional({
    maxLength: 200,
    nullable: true,
    type: String,
    description: 'null transliterates fullName again; when only fullName changes, a derived latinName follows it',
  })
  @IsOptional()
  @PersonNameField()
  latinName?: string | null;

  @ApiPropertyOptional({ enum: Sex })
  @IfPresent()
  @IsEnum(Sex)
  sex?: Sex;

  @ApiPropertyOptional({ enum: Profession })
  @IfPresent()
  @IsEnum(Profession)
  profession?: Profession;

  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String })
  @IsOptional()
  @IsUUID()
  organizationId?: string | null;

  @ApiPropertyOptional({ example: 'KG', description: 'Organization and region must then be of the new country' })
  @IfPresent()
  @Matches(COUNTRY_CODE)
  countryCode?: string;

  @ApiPropertyOptional({ example: 'KG-O', nullable: true, type: String })
  @IsOptional()
  @Matches(REGION_CODE)
  regionCode?: string | null;

  @ApiPropertyOptional({ minimum: MIN_BIRTH_YEAR, nullable: true, type: Number })
  @IsOptional()
  @BirthYearField()
  birthYear?: number | null;

  @ApiPropertyOptional({ maxLength: 20, nullable: true, type: String })
  @IsOptional()
  @PhoneField()
  phone?: string | null;

  @ApiPropertyOptional({ nullable: true, type: String })
  @IsOptional()
  @ContactEmailField()
  email?: string | null;

  @ApiPropertyOptional({ enum: InstructionLanguage, nullable: true })
  @IsOptional()
  @IsEnum(InstructionLanguage)
  preferredLanguage?: InstructionLanguage | null;
}
