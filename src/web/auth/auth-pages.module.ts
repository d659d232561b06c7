import { Module } from '@nestjs/common';

import { AuthModule } from '../../modules/auth/auth.module.js';
import { UsersModule } from '../../modules/users/users.module.js';
import { WebLayoutModule } from '../layout/web-layout.module.js';
import { AuthPagesController } from './auth-pages.controller.js';

@Module({
  imports: [WebLayoutModule, AuthModule, UsersModule],
  controllers: [AuthPagesController],
})
export class AuthPagesModule {}
