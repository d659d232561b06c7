import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { ThrottlerModule } from '@nestjs/throttler';
import { TypeOrmModule } from '@nestjs/typeorm';

import { AccessGuard } from '@cascade/auth';
import { APP_CONFIG, type AppConfig } from '@cascade/config';

import { UsersModule } from '../users/index.js';
import { AuthController } from './auth.controller.js';
import { AuthService } from './auth.service.js';
import { JwtStrategy } from './jwt.strategy.js';
import { LocalStrategy } from './local.strategy.js';
import { RateLimitModule } from './rate-limit.module.js';
import { RateLimitStorage } from './rate-limit.storage.js';
import { RefreshToken } from './refresh-token.entity.js';
import { SignInThrottle } from './sign-in-throttle.entity.js';

/** Authentication, and the global guard that puts every route behind a permission. */
@Module({
  imports: [
    UsersModule,
    PassportModule,
    JwtModule.register({}),
    TypeOrmModule.forFeature([RefreshToken, SignInThrottle]),
    ThrottlerModule.forRootAsync({
      imports: [RateLimitModule],
      inject: [APP_CONFIG, RateLimitStorage],
      useFactory: (config: AppConfig, storage: RateLimitStorage) => ({
        throttlers: [{ ttl: 60_000, limit: config.env.SIGN_IN_IP_LIMIT_PER_MINUTE }],
        storage,
      }),
    }),
  ],
  controllers: [AuthController],
  providers: [AuthService, LocalStrategy, JwtStrategy, { provide: APP_GUARD, useClass: AccessGuard }],
  // The web pages sign in and refresh sessions through the same service.
  exports: [AuthService],
})
export class AuthModule {}
