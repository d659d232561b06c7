import { type ExecutionContext, Injectable } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import type { FastifyRequest } from 'fastify';

import { CascadeValidationPipe } from '@cascade/common';

import { SignInDto } from './dto/sign-in.dto.js';

/**
 * passport-local behind the same validation as every other body: guards run before pipes,
 * so the body is checked here first, to answer bad input with 400 per field rather than 401.
 */
@Injectable()
export class SignInGuard extends AuthGuard('local') {
  private readonly pipe = new CascadeValidationPipe();

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    request.body = await this.pipe.transform(request.body, { type: 'body', metatype: SignInDto });
    return (await super.canActivate(context)) as boolean;
  }

  override handleRequest<TUser>(error: unknown, user: TUser): TUser {
    if (error) throw error as Error;
    return user;
  }
}
