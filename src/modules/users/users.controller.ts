import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';

import { type AuthUser, CurrentUser, Permission, RequirePermission } from '@cascade/auth';

import { InviteUserDto } from './dto/invite-user.dto.js';
import { ListUsersQueryDto } from './dto/list-users-query.dto.js';
import { UpdateUserDto } from './dto/update-user.dto.js';
import { InvitationResponseDto, UserPageDto, UserResponseDto } from './dto/user.response.dto.js';
import { UsersService } from './users.service.js';

/** Account administration: admins only. */
@ApiTags('users')
@ApiBearerAuth()
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Post()
  @RequirePermission(Permission.UsersManage)
  @ApiCreatedResponse({ type: InvitationResponseDto })
  async invite(@Body() dto: InviteUserDto): Promise<InvitationResponseDto> {
    const { user, token, expiresAt } = await this.users.invite(dto);
    return { user: UserResponseDto.from(user), invitationToken: token, invitationExpiresAt: expiresAt.toISOString() };
  }

  @Get()
  @RequirePermission(Permission.UsersManage)
  @ApiOkResponse({ type: UserPageDto })
  async list(@Query() query: ListUsersQueryDto): Promise<UserPageDto> {
    const page = await this.users.list(query);
    return { ...page, items: page.items.map((user) => UserResponseDto.from(user)) };
  }

  @Get(':id')
  @RequirePermission(Permission.UsersManage)
  @ApiOkResponse({ type: UserResponseDto })
  async get(@Param('id', new ParseUUIDPipe()) id: string): Promise<UserResponseDto> {
    return UserResponseDto.from(await this.users.get(id));
  }

  @Patch(':id')
  @RequirePermission(Permission.UsersManage)
  @ApiOkResponse({ type: UserResponseDto })
  async update(
    @CurrentUser() actor: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: UpdateUserDto,
  ): Promise<UserResponseDto> {
    return UserResponseDto.from(await this.users.update(actor, id, dto));
  }
}
