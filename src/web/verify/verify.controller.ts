import { Controller, Get, Headers, HttpStatus, Param, Query, Req, Res, UseGuards } from '@nestjs/common';
import {
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiProduces,
  ApiSeeOtherResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
} from '@nestjs/swagger';
import { Throttle, ThrottlerGuard } from '@nestjs/throttler';
import type { FastifyReply } from 'fastify';

import { Public } from '@cascade/auth';
import { AppException, ErrorResponseDto, prefersHtml, requestLocale } from '@cascade/common';
import { formatDate, formatDateRange } from '@cascade/common';

import { normalizeCertificateCode } from '../../modules/certificates/certificate-code.js';
import { CertificatesService } from '../../modules/certificates/certificates.service.js';
import { CertificatesErrorCode } from '../../modules/certificates/certificates-error-code.js';
import { CertificateVerificationDto } from '../../modules/certificates/dto/certificate.dto.js';
import { PageRenderer } from '../layout/page-renderer.js';
import { type PageRequest, WebSession } from '../layout/web-session.js';

/** Checks of one code a minute per IP address: plenty for people, too few to enumerate codes. */
export const VERIFY_LIMIT_PER_MINUTE = 30;

/**
 * The public check of a certificate's code, where its QR code leads: JSON for programs, a page in
 * the web layout for browsers, in the visitor's language (their account's, else the language they
 * chose on a page, else Accept-Language). It shows only what the certificate itself says.
 */
@ApiTags('certificates')
@Controller('verify')
@UseGuards(ThrottlerGuard)
@Throttle({ default: { limit: VERIFY_LIMIT_PER_MINUTE, ttl: 60_000 } })
@ApiTooManyRequestsResponse({ type: ErrorResponseDto })
export class VerifyController {
  constructor(
    private readonly certificates: CertificatesService,
    private readonly pages: PageRenderer,
    private readonly session: WebSession,
  ) {}

  /**
   * The form to type or paste a code; with `?code=` (the form sent), on to that code's page.
   * Case, spaces and hyphens are forgiven there; a code that cannot be one still gets its page: "not found".
   */
  @Get()
  @Public()
  @ApiProduces('text/html')
  @ApiOkResponse({ description: 'The page with the form to type a code' })
  @ApiSeeOtherResponse({ description: 'With ?code=: on to /verify/<code>' })
  async form(
    @Query('code') typed: string | undefined,
    @Req() request: PageRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string | undefined> {
    const code = typeof typed === 'string' ? typed.trim().slice(0, 100) : '';
    if (code) {
      void reply.redirect(
        `/verify/${encodeURIComponent(normalizeCertificateCode(code) ?? code)}`,
        HttpStatus.SEE_OTHER,
      );
      return undefined;
    }
    await this.session.optionalUser(request);
    void reply.header('vary', 'Accept-Language, Cookie');
    return this.pages.render(request, reply, 'verify/form', {
      titleKey: 'certificate.verify.form_title',
      model: { typed: '' },
    });
  }

  @Get(':code')
  @Public()
  @ApiProduces('application/json', 'text/html')
  @ApiOkResponse({ type: CertificateVerificationDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'certificate_not_found' })
  async verify(
    @Param('code') code: string,
    @Headers('accept') accept: string | undefined,
    @Req() request: PageRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CertificateVerificationDto | string> {
    const html = prefersHtml(accept);
    if (html) await this.session.optionalUser(request);
    const locale = requestLocale(request);
    const result = await this.certificates.verify(code, locale);
    // The answer depends on these headers; a revocation must show at once.
    void reply.header('vary', 'Accept, Accept-Language, Cookie').header('content-language', locale);
    if (!html) {
      void reply.header('cache-control', 'no-cache');
      if (!result) throw new AppException(HttpStatus.NOT_FOUND, CertificatesErrorCode.CertificateNotFound);
      return result;
    }
    const shown = normalizeCertificateCode(code) ?? code;
    if (!result) {
      return this.pages.render(request, reply, 'verify/not-found', {
        titleKey: 'certificate.verify.not_found_title',
        status: HttpStatus.NOT_FOUND,
        model: { code: shown, typed: code },
      });
    }
    return this.pages.render(request, reply, 'verify/certificate', {
      titleKey: 'certificate.verify.page_title',
      model: {
        code: shown,
        result,
        revokedOn: result.revokedOn ? formatDate(locale, result.revokedOn) : null,
        replacedOn: result.replacedOn ? formatDate(locale, result.replacedOn) : null,
        renewedOn: result.renewedOn ? formatDate(locale, result.renewedOn) : null,
        eventDates: formatDateRange(locale, result.eventStartDate, result.eventEndDate),
        issuedOn: formatDate(locale, result.issuedOn),
        expiresOn: result.expiresOn ? formatDate(locale, result.expiresOn) : null,
      },
    });
  }
}
