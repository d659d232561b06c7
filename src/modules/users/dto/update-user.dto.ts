import { ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsBoolean, IsEnum, IsIn, IsOptional, Matches } from 'class-validator';

import { Role } from '@cascade/auth';
import { type Locale, SUPPORTED_LOCALES } from '@cascade/i18n';

import { DisplayNameField } from './user-fields.js';

/** What an admin may change about a user: name, role, country scope, language, active flag. */
export class UpdateUserDto {
  @ApiPropertyOptional()
  @IsOptional()
  @DisplayNameField()
  displayName?: string;

  @ApiPropertyOptional({ enum: Role })
  @IsOptional()
  @IsEnum(Role)
  role?: Role;

  @ApiPropertyOptional({ example: ['TJ', 'UA'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @Matches(/^[A-Z]{2}$/, { each: true })
  countries?: string[];

  @ApiPropertyOptional({ enum: SUPPORTED_LOCALES })
  @IsOptional()
  @IsIn(SUPPORTED_LOCALES)
  locale?: Locale;

  @ApiPropertyOptional({ description: 'false deactivates: the user can no longer sign in or use a token' })
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}
