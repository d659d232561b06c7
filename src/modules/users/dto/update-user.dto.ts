import { ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsBoolean, IsEnum, IsIn, Matches } from 'class-validator';

import { Role } from '@cascade/auth';
import { Omittable } from '@cascade/common';
import { type Locale, SUPPORTED_LOCALES } from '@cascade/i18n';

import { DisplayNameField } from './user-fields.js';

/** What an admin may change about a user: name, role, country scope, language, active flag. */
export class UpdateUserDto {
  @ApiPropertyOptional()
  @Omittable()
  @DisplayNameField()
  displayName?: string;

  @ApiPropertyOptional({ enum: Role })
  @Omittable()
  @IsEnum(Role)
  role?: Role;

  @ApiPropertyOptional({ example: ['TJ', 'UA'] })
  @Omittable()
  @IsArray()
  @ArrayMaxSize(50)
  @Matches(/^[A-Z]{2}$/, { each: true })
  countries?: string[];

  @ApiPropertyOptional({ enum: SUPPORTED_LOCALES })
  @Omittable()
  @IsIn(SUPPORTED_LOCALES)
  locale?: Locale;

  @ApiPropertyOptional({ description: 'false deactivates: the user can no longer sign in or use a token' })
  @Omittable()
  @IsBoolean()
  active?: boolean;
}
