import { type ExecutionContext, Injectable } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import type { FastifyRequest } from 'fastify';

import { toValidationException } from '@cascade/common';

import { SignInDto } from './dto/sign-in.dto.js';

/**
 * passport-local behind the same validation as every other body: guards run before pipes,
 * so the body is checked here first, to answer bad input with 400 per field rather than 401.
 */
@Injectable()
export class SignInGuard extends AuthGuard('local') {
  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const dto = plainToInstance(SignInDto, request.body ?? {});
    const errors = await validate(dto, { whitelist: true, forbidNonWhitelisted: true });
    if (errors.length > 0) throw toValidationException(errors);
    request.body = dto;
    return (await super.canActivate(context)) as boolean;
  }

  override handleRequest<TUser>(error: unknown, user: TUser): TUser {
    if (error) throw error as Error;
    return user;
  }
}
