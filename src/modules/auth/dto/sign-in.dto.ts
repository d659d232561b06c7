import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';

import { EmailField, PASSWORD_MAX_LENGTH } from '../../users/index.js';

export class SignInDto {
  @ApiProperty({ example: 'admin@demo.cascade.test' })
  @EmailField()
  email: string;

  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(PASSWORD_MAX_LENGTH)
  password: string;
}

export class RefreshDto {
  @ApiPropertyOptional({ description: 'From the sign-in answer; web pages send the cookie instead' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  @Matches(/^[0-9a-f-]{36}\.[A-Za-z0-9_-]{43}$/)
  refreshToken?: string;
}
