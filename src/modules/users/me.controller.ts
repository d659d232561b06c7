import { Body, Controller, Get, HttpCode, HttpStatus, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';

import { type AuthUser, CurrentUser, Permission, RequirePermission } from '@cascade/auth';

import { ChangePasswordDto } from './dto/password.dto.js';
import { UpdateMeDto } from './dto/update-me.dto.js';
import { UserResponseDto } from './dto/user.response.dto.js';
import { UsersService } from './users.service.js';

/** The signed-in user's own account. */
@ApiTags('me')
@ApiBearerAuth()
@Controller('me')
export class MeController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @RequirePermission(Permission.ProfileManage)
  @ApiOkResponse({ type: UserResponseDto })
  async get(@CurrentUser() me: AuthUser): Promise<UserResponseDto> {
    return UserResponseDto.from(await this.users.get(me.id));
  }

  @Patch()
  @RequirePermission(Permission.ProfileManage)
  @ApiOkResponse({ type: UserResponseDto })
  async update(@CurrentUser() me: AuthUser, @Body() dto: UpdateMeDto): Promise<UserResponseDto> {
    return UserResponseDto.from(await this.users.updateMe(me, dto));
  }

  @Post('password')
  @HttpCode(HttpStatus.NO_CONTENT)
  @RequirePermission(Permission.ProfileManage)
  @ApiNoContentResponse()
  async changePassword(@CurrentUser() me: AuthUser, @Body() dto: ChangePasswordDto): Promise<void> {
    await this.users.changePassword(me, dto.currentPassword, dto.newPassword);
  }
}
