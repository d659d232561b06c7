import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsEnum, IsIn, IsOptional, Matches } from 'class-validator';

import { Role } from '@cascade/auth';
import { type Locale, SUPPORTED_LOCALES } from '@cascade/i18n';

import { DisplayNameField, EmailField } from './user-fields.js';

export class InviteUserDto {
  @ApiProperty({ example: 'a.toktogulova@example.org' })
  @EmailField()
  email: string;

  @ApiProperty({ example: 'Айгүл Токтогулова' })
  @DisplayNameField()
  displayName: string;

  @ApiProperty({ enum: Role })
  @IsEnum(Role)
  role: Role;

  @ApiProperty({ example: ['KG'], description: 'ISO codes; required for every role but admin' })
  @IsArray()
  @ArrayMaxSize(50)
  @Matches(/^[A-Z]{2}$/, { each: true })
  countries: string[];

  @ApiPropertyOptional({
    enum: SUPPORTED_LOCALES,
    description: "Left out: the browser's language until the user chooses",
  })
  @IsOptional()
  @IsIn(SUPPORTED_LOCALES)
  locale?: Locale;
}
