import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';

import { type Locale, SUPPORTED_LOCALES } from '@cascade/i18n';

import { DisplayNameField } from './user-fields.js';

export class UpdateMeDto {
  @ApiPropertyOptional()
  @IsOptional()
  @DisplayNameField()
  displayName?: string;

  @ApiPropertyOptional({ enum: SUPPORTED_LOCALES, description: 'The language of every answer and page' })
  @IsOptional()
  @IsIn(SUPPORTED_LOCALES)
  locale?: Locale;
}
