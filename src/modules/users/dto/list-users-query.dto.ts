import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsEnum, IsOptional, Matches, MaxLength } from 'class-validator';

import { Role } from '@cascade/auth';
import { PageQueryDto, SortField } from '@cascade/common';

/** Fields users can be sorted by, for `?sort=`. */
export const USER_SORT_FIELDS = ['email', 'displayName', 'role', 'createdAt', 'lastSignInAt'] as const;

export class ListUsersQueryDto extends PageQueryDto {
  @SortField(USER_SORT_FIELDS, 'email')
  sort?: string;

  @ApiPropertyOptional({ enum: Role })
  @IsOptional()
  @IsEnum(Role)
  role?: Role;

  @ApiPropertyOptional()
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  active?: boolean;

  @ApiPropertyOptional({ example: 'KG' })
  @IsOptional()
  @Matches(/^[A-Z]{2}$/)
  country?: string;

  @ApiPropertyOptional({ description: 'Part of the email or name' })
  @IsOptional()
  @MaxLength(100)
  search?: string;
}
