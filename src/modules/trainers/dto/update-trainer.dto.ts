import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsEnum, IsOptional, IsUUID, Matches } from 'class-validator';

import { InstructionLanguage, Sex } from '../../reference/index.js';
import { TrainerLevel, TrainerStatus } from '../trainer.entity.js';
import { FullNameField, LanguagesField, LatinNameField, Omittable, REGION_CODE } from './trainer-fields.js';

/** Fields left out stay as they are; `null` clears the region, the organisation or the account. */
export class UpdateTrainerDto {
  @ApiPropertyOptional({
    description: 'When it changes and the Latin name was the transliteration of the old one, that follows',
  })
  @Omittable()
  @FullNameField()
  fullName?: string;

  @ApiPropertyOptional()
  @Omittable()
  @LatinNameField()
  latinName?: string;

  @ApiPropertyOptional({ enum: Sex })
  @Omittable()
  @IsEnum(Sex)
  sex?: Sex;

  @ApiPropertyOptional({ example: 'KG-GO', nullable: true, type: String })
  @IsOptional()
  @Matches(REGION_CODE)
  regionCode?: string | null;

  @ApiPropertyOptional({ nullable: true, type: String })
  @IsOptional()
  @IsUUID()
  organizationId?: string | null;

  @ApiPropertyOptional({ enum: TrainerLevel })
  @Omittable()
  @IsEnum(TrainerLevel)
  level?: TrainerLevel;

  @ApiPropertyOptional({
    enum: TrainerStatus,
    description: 'Set by an officer; signing off the certification steps does not change it',
  })
  @Omittable()
  @IsEnum(TrainerStatus)
  status?: TrainerStatus;

  @ApiPropertyOptional({ enum: InstructionLanguage, isArray: true })
  @Omittable()
  @LanguagesField()
  languages?: InstructionLanguage[];

  @ApiPropertyOptional({
    nullable: true,
    type: String,
    description:
      'Admins only: the account the trainer signs in with (role trainer, scoped to the trainer’s country; one account, one trainer)',
  })
  @IsOptional()
  @IsUUID()
  userId?: string | null;
}
