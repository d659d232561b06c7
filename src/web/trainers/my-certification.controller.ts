import { Controller, Get, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';

import { type AuthUser, CurrentUser, Permission, RequirePermission } from '@cascade/auth';
import { requestLocale } from '@cascade/common';

import { CertificationService, TrainersService } from '../../modules/trainers/index.js';
import { PageRenderer } from '../layout/page-renderer.js';
import { WebExceptionFilter } from '../layout/web-exception.filter.js';
import type { PageRequest } from '../layout/web-session.js';
import { certificationView } from './certification-view.js';

/**
 * A trainer's own certification, read only: each step's state, deadline and extensions, whether
 * they are certified today and when that lapses. The page takes no id: it shows the record linked
 * to the signed-in account (TrainersService.mine), so nobody reaches another trainer's through it.
 */
@ApiExcludeController()
@Controller('trainer/certification')
@UseFilters(WebExceptionFilter)
export class MyCertificationController {
  constructor(
    private readonly trainers: TrainersService,
    private readonly certification: CertificationService,
    private readonly pages: PageRenderer,
  ) {}

  @Get()
  @RequirePermission(Permission.TrainersRead)
  async mine(@CurrentUser() user: AuthUser, @Req() request: PageRequest, @Res() reply: FastifyReply): Promise<void> {
    const { trainer } = await this.trainers.mine(user);
    const certification = await this.certification.forTrainer(user, trainer.id);
    void reply.send(
      await this.pages.render(request, reply, 'trainers/mine', {
        titleKey: 'web.certification.my_title',
        model: {
          level: `enums.trainer_level.${trainer.level}`,
          ...certificationView(certification, requestLocale(request)),
        },
      }),
    );
  }
}
