import { Controller, Get, HttpStatus, Param, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';

import { type AuthUser, CurrentUser, Permission, RequirePermission } from '@cascade/auth';
import { AppException, CommonErrorCode, requestLocale } from '@cascade/common';

import {
  CertificateIssuerDto,
  CertificateIssuersService,
  MAX_SIGNATURE_BYTES,
  type SignatureChange,
} from '../../modules/certificates/index.js';
import { CountriesService } from '../../modules/countries/index.js';
import { countryName } from '../layout/country-names.js';
import { type FormErrors, formRefusal } from '../layout/form-errors.js';
import { PageRenderer } from '../layout/page-renderer.js';
import { WebExceptionFilter } from '../layout/web-exception.filter.js';
import { formDto, WebForm } from '../layout/web-form.js';
import type { PageRequest } from '../layout/web-session.js';
import { certificatesNotice } from './certificates-view.js';

const FIELDS = ['organization', 'signatoryName', 'signatoryTitle'] as const;
const COUNTRY = /^[A-Z]{2}$/;

/**
 * Who issues a country's certificates — organisation, signatory's name and title, an optional
 * signature image (PNG or JPEG, size-limited) — printed on the certificates issued from then on.
 */
@ApiExcludeController()
@Controller('officer/certificate-issuers')
@UseFilters(WebExceptionFilter)
export class CertificateIssuerController {
  constructor(
    private readonly issuers: CertificateIssuersService,
    private readonly countries: CountriesService,
    private readonly pages: PageRenderer,
  ) {}

  @Get(':country')
  @RequirePermission(Permission.CertificatesManage)
  async form(
    @CurrentUser() user: AuthUser,
    @Param('country') country: string,
    @Req() request: PageRequest,
    @Res() reply: FastifyReply,
    @Query('saved') saved?: string,
  ): Promise<void> {
    void reply.send(await this.render(user, country, request, reply, { saved }));
  }

  /**
   * A multipart form (the signature file): its CSRF token travels in the query, the text fields
   * come before the file so they are read first. An empty file field keeps the image there is.
   */
  @Post(':country')
  @RequirePermission(Permission.CertificatesManage)
  @WebForm()
  async save(
    @CurrentUser() user: AuthUser,
    @Param('country') country: string,
    @Req() request: PageRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const typed: Record<string, string> = {};
    try {
      if (!request.isMultipart()) throw new AppException(HttpStatus.BAD_REQUEST, CommonErrorCode.BadRequest);
      let signature: SignatureChange = { kind: 'keep' };
      let removed = false;
      for await (const part of request.parts({ limits: { fileSize: MAX_SIGNATURE_BYTES + 1, files: 1 } })) {
        if (part.type === 'file') {
          const image = await part.toBuffer().catch(() => Buffer.alloc(MAX_SIGNATURE_BYTES + 1));
          // Too large: cut at the limit, so the service refuses it by its size.
          const content = part.file.truncated ? Buffer.alloc(MAX_SIGNATURE_BYTES + 1) : image;
          if (content.length > 0) signature = { kind: 'replace', image: content };
        } else if (typeof part.value === 'string') {
          if (part.fieldname === 'removeSignature') removed = true;
          else typed[part.fieldname] = part.value;
        }
      }
      if (removed && signature.kind === 'keep') signature = { kind: 'remove' };
      const dto = await formDto(
        CertificateIssuerDto,
        Object.fromEntries(FIELDS.map((field) => [field, typed[field] ?? ''])),
      );
      await this.issuers.save(user, this.code(country), dto, signature);
      void reply.redirect(`/officer/certificate-issuers/${country}?saved=issuer`, HttpStatus.SEE_OTHER);
    } catch (error) {
      const { errors, status } = formRefusal(error, requestLocale(request), {
        except: [HttpStatus.NOT_FOUND],
        field: (name) => ((FIELDS as readonly string[]).includes(name) ? name : 'signature'),
      });
      // A refused image names no field: its message goes beside the file input.
      const shown: FormErrors =
        errors.form && (error as AppException).code === 'signature_image_invalid' ? { signature: errors.form } : errors;
      void reply.send(await this.render(user, country, request, reply, { errors: shown, typed, status }));
    }
  }

  /** The stored signature image, for the page's preview. */
  @Get(':country/signature')
  @RequirePermission(Permission.CertificatesManage)
  async signature(
    @CurrentUser() user: AuthUser,
    @Param('country') country: string,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const stored = await this.issuers.signature(user, this.code(country));
    if (!stored) throw new AppException(HttpStatus.NOT_FOUND, CommonErrorCode.NotFound);
    void reply.header('content-type', stored.type).header('cache-control', 'private, no-cache').send(stored.image);
  }

  private code(country: string): string {
    if (!COUNTRY.test(country)) throw new AppException(HttpStatus.NOT_FOUND, CommonErrorCode.NotFound);
    return country;
  }

  private async render(
    user: AuthUser,
    country: string,
    request: PageRequest,
    reply: FastifyReply,
    page: { saved?: string; errors?: FormErrors; typed?: Record<string, string>; status?: number },
  ): Promise<string> {
    const locale = requestLocale(request);
    const issuer = await this.issuers.get(user, this.code(country));
    const value = (field: (typeof FIELDS)[number]) => page.typed?.[field] ?? issuer?.[field] ?? '';
    return this.pages.render(request, reply, 'certificates/issuer', {
      titleKey: 'web.certificates.issuer_title',
      titleParams: { country: countryName(await this.countries.get(user, country), locale) },
      status: page.status,
      model: {
        country,
        saved: certificatesNotice(page.saved),
        errors: page.errors ?? {},
        values: Object.fromEntries(FIELDS.map((field) => [field, value(field)])),
        hasSignature: !!issuer?.signatureType,
        maxKilobytes: Math.round(MAX_SIGNATURE_BYTES / 1024),
      },
    });
  }
}
