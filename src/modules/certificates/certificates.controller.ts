import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, StreamableFile } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';

import { type AuthUser, CurrentUser, Permission, RequirePermission } from '@cascade/auth';
import { ErrorResponseDto, RequestLocale } from '@cascade/common';
import type { Locale } from '@cascade/i18n';

import { JobAcceptedResponseDto } from '../../infrastructure/jobs/index.js';
import { CertificatesService } from './certificates.service.js';
import {
  CertificateParamsDto,
  CertificateResponseDto,
  EventParamsDto,
  RevokeCertificateDto,
} from './dto/certificate.dto.js';

@ApiTags('certificates')
@ApiBearerAuth()
@Controller()
export class CertificatesController {
  constructor(private readonly certificates: CertificatesService) {}

  /**
   * Decides who completed a completed event and issues their certificates (or revokes those no
   * longer earned), in a job; poll the returned status URL. Safe to repeat.
   */
  @Post('events/:eventId/completion')
  @RequirePermission(Permission.CertificatesManage)
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiAcceptedResponse({ type: JobAcceptedResponseDto })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'event_not_completed' })
  async requestCompletion(
    @CurrentUser() user: AuthUser,
    @Param() params: EventParamsDto,
  ): Promise<JobAcceptedResponseDto> {
    const { queue, jobId } = await this.certificates.requestCompletion(user, params.eventId);
    return JobAcceptedResponseDto.of(queue, jobId);
  }

  @Get('events/:eventId/certificates')
  @RequirePermission(Permission.CertificatesRead)
  @ApiOkResponse({ type: [CertificateResponseDto] })
  async list(
    @CurrentUser() user: AuthUser,
    @Param() params: EventParamsDto,
    @RequestLocale() locale: Locale,
  ): Promise<CertificateResponseDto[]> {
    const rows = await this.certificates.listForEvent(user, params.eventId);
    return rows.map((row) => CertificateResponseDto.from(row, locale));
  }

  /** The PDF as it was issued: stored once, never drawn again. */
  @Get('certificates/:id/pdf')
  @RequirePermission(Permission.CertificatesRead)
  @ApiProduces('application/pdf')
  @ApiOkResponse({ description: 'The certificate PDF' })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  async pdf(@CurrentUser() user: AuthUser, @Param() params: CertificateParamsDto): Promise<StreamableFile> {
    const { code, pdf } = await this.certificates.pdf(user, params.id);
    return new StreamableFile(pdf, {
      type: 'application/pdf',
      length: pdf.length,
      disposition: `attachment; filename="certificate-${code}.pdf"`,
    });
  }

  @Post('certificates/:id/revoke')
  @RequirePermission(Permission.CertificatesManage)
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: CertificateResponseDto })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'certificate_already_revoked' })
  async revoke(
    @CurrentUser() user: AuthUser,
    @Param() params: CertificateParamsDto,
    @Body() dto: RevokeCertificateDto,
    @RequestLocale() locale: Locale,
  ): Promise<CertificateResponseDto> {
    return CertificateResponseDto.from(await this.certificates.revoke(user, params.id, dto.reason), locale);
  }
}
