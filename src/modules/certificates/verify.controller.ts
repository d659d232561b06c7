import { Controller, Get, Headers, HttpStatus, Param, Res, UseGuards } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiProduces, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import { Throttle, ThrottlerGuard } from '@nestjs/throttler';
import type { FastifyReply } from 'fastify';

import { Public } from '@cascade/auth';
import { AppException, ErrorResponseDto, RequestLocale } from '@cascade/common';
import type { Locale } from '@cascade/i18n';

import { normalizeCertificateCode } from './certificate-code.js';
import { CertificatesService } from './certificates.service.js';
import { CertificatesErrorCode } from './certificates-error-code.js';
import { CertificateVerificationDto } from './dto/certificate.dto.js';
import { notFoundPage, prefersHtml, verificationPage } from './verify-page.js';

/** Checks of one code a minute per IP address: plenty for people, too few to enumerate codes. */
export const VERIFY_LIMIT_PER_MINUTE = 30;

/**
 * The public check of a certificate's code, where its QR code leads: JSON for programs, a page
 * for browsers, in the visitor's language. It shows only what the certificate itself says.
 */
@ApiTags('certificates')
@Controller('verify')
@UseGuards(ThrottlerGuard)
@Throttle({ default: { limit: VERIFY_LIMIT_PER_MINUTE, ttl: 60_000 } })
@ApiTooManyRequestsResponse({ type: ErrorResponseDto })
export class VerifyController {
  constructor(private readonly certificates: CertificatesService) {}

  @Get(':code')
  @Public()
  @ApiProduces('application/json', 'text/html')
  @ApiOkResponse({ type: CertificateVerificationDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'certificate_not_found' })
  async verify(
    @Param('code') code: string,
    @Headers('accept') accept: string | undefined,
    @RequestLocale() locale: Locale,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CertificateVerificationDto | string> {
    const result = await this.certificates.verify(code, locale);
    // The answer depends on both headers; a revocation must show at once.
    void reply
      .header('vary', 'Accept, Accept-Language')
      .header('cache-control', 'no-cache')
      .header('content-language', locale);
    if (!prefersHtml(accept)) {
      if (!result) throw new AppException(HttpStatus.NOT_FOUND, CertificatesErrorCode.CertificateNotFound);
      return result;
    }
    const shown = normalizeCertificateCode(code) ?? code;
    void reply.type('text/html; charset=utf-8');
    if (!result) {
      void reply.status(HttpStatus.NOT_FOUND);
      return notFoundPage(locale, shown);
    }
    return verificationPage(locale, shown, result);
  }
}
