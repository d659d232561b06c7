import { ApiProperty } from '@nestjs/swagger';

import { Role } from '@cascade/auth';

import type { User } from '../user.entity.js';

export class UserResponseDto {
  @ApiProperty() id: string;
  @ApiProperty() email: string;
  @ApiProperty() displayName: string;
  @ApiProperty({ enum: Role }) role: Role;
  @ApiProperty({ example: 'ru', nullable: true, type: String, description: 'null until the user chooses' })
  locale: string | null;
  @ApiProperty() active: boolean;
  @ApiProperty({ type: [String], example: ['KG'] }) countries: string[];
  @ApiProperty({ nullable: true, type: String }) lastSignInAt: string | null;
  @ApiProperty() createdAt: string;

  static from(user: User): UserResponseDto {
    return {
      id: user.id,
      email: user.email,
      displayName: user.displayName,
      role: user.role,
      locale: user.locale,
      active: user.active,
      countries: [...user.countries].sort(),
      lastSignInAt: user.lastSignInAt?.toISOString() ?? null,
      createdAt: user.createdAt.toISOString(),
    };
  }
}

export class UserPageDto {
  @ApiProperty({ type: [UserResponseDto] }) items: UserResponseDto[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() limit: number;
}

export class InvitationResponseDto {
  @ApiProperty({ type: UserResponseDto }) user: UserResponseDto;
  @ApiProperty({ description: 'Shown once: pass it on to the user, who sets a password with it' })
  invitationToken: string;
  @ApiProperty() invitationExpiresAt: string;
}
