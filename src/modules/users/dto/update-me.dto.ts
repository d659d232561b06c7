import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn } from 'class-validator';

import { Omittable } from '@cascade/common';
import { type Locale, SUPPORTED_LOCALES } from '@cascade/i18n';

import { DisplayNameField } from './user-fields.js';

export class UpdateMeDto {
  @ApiPropertyOptional()
  @Omittable()
  @DisplayNameField()
  displayName?: string;

  @ApiPropertyOptional({ enum: SUPPORTED_LOCALES, description: 'The language of every answer and page' })
  @Omittable()
  @IsIn(SUPPORTED_LOCALES)
  locale?: Locale;
}
