import {
  Body,
  Controller,
  Get,
  HttpStatus,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  Req,
  Res,
  UseFilters,
} from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';

import { type AuthUser, CurrentUser, Permission, RequirePermission } from '@cascade/auth';
import { formatDate, requestLocale } from '@cascade/common';
import { isLocale, type Locale, translate } from '@cascade/i18n';

import { CertificatesService, certificateStatus, RevokeCertificateDto } from '../../modules/certificates/index.js';
import { UpdateTraineeDto } from '../../modules/trainees/dto/update-trainee.dto.js';
import { TraineesService } from '../../modules/trainees/index.js';
import { type FormErrors, formRefusal } from '../layout/form-errors.js';
import { PageRenderer } from '../layout/page-renderer.js';
import { WebExceptionFilter } from '../layout/web-exception.filter.js';
import { formDto, formText, WebForm } from '../layout/web-form.js';
import type { PageRequest } from '../layout/web-session.js';
import { languageOptions } from '../officer/officer-choices.js';
import { certificatesNotice } from './certificates-view.js';

interface FormState {
  form: 'revoke' | 'reissue';
  errors: FormErrors;
  typed: Record<string, string>;
  status: number;
}

/**
 * One certificate for an officer: its facts and PDF, revoke with a reason, and reissue under a
 * new code with a corrected name or in another language (the old code then verifies as replaced).
 */
@ApiExcludeController()
@Controller('officer/certificates')
@UseFilters(WebExceptionFilter)
export class CertificateController {
  constructor(
    private readonly certificates: CertificatesService,
    private readonly trainees: TraineesService,
    private readonly pages: PageRenderer,
  ) {}

  @Get(':id')
  @RequirePermission(Permission.CertificatesManage)
  async certificate(
    @CurrentUser() user: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Req() request: PageRequest,
    @Res() reply: FastifyReply,
    @Query('saved') saved?: string,
  ): Promise<void> {
    void reply.send(await this.render(user, id, request, reply, { saved }));
  }

  @Post(':id/revoke')
  @RequirePermission(Permission.CertificatesManage)
  @WebForm()
  async revoke(
    @CurrentUser() user: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: Record<string, unknown>,
    @Req() request: PageRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const reason = formText(body, 'reason');
    try {
      const dto = await formDto(RevokeCertificateDto, { reason });
      await this.certificates.revoke(user, id, dto.reason);
      void reply.redirect(`/officer/certificates/${id}?saved=revoked`, HttpStatus.SEE_OTHER);
    } catch (error) {
      const { errors, status } = formRefusal(error, requestLocale(request), {
        except: [HttpStatus.NOT_FOUND],
        field: () => 'reason',
      });
      const state: FormState = { form: 'revoke', errors, typed: { reason }, status };
      void reply.send(await this.render(user, id, request, reply, { state }));
    }
  }

  /**
   * A corrected name is written to the trainee's record first (the trainees service checks it
   * as the API does), then the certificate is drawn again with it, in the language chosen.
   */
  @Post(':id/reissue')
  @RequirePermission(Permission.CertificatesManage)
  @WebForm()
  async reissue(
    @CurrentUser() user: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: Record<string, unknown>,
    @Req() request: PageRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const typed = { fullName: formText(body, 'fullName'), language: formText(body, 'language') };
    try {
      const current = await this.certificates.get(user, id);
      if (typed.fullName !== (current.traineeName ?? '')) {
        const dto = await formDto(UpdateTraineeDto, { fullName: typed.fullName });
        await this.trainees.update(user, current.traineeId, dto);
      }
      await this.certificates.reissue(user, id, isLocale(typed.language) ? typed.language : null);
      void reply.redirect(`/officer/certificates/${id}?saved=reissued`, HttpStatus.SEE_OTHER);
    } catch (error) {
      const { errors, status } = formRefusal(error, requestLocale(request), {
        except: [HttpStatus.NOT_FOUND],
        field: (name) => (name === 'language' ? 'language' : 'fullName'),
      });
      const state: FormState = { form: 'reissue', errors, typed, status };
      void reply.send(await this.render(user, id, request, reply, { state }));
    }
  }

  private async render(
    user: AuthUser,
    id: string,
    request: PageRequest,
    reply: FastifyReply,
    page: { saved?: string; state?: FormState },
  ): Promise<string> {
    const locale = requestLocale(request);
    const certificate = await this.certificates.get(user, id);
    const status = certificateStatus(certificate);
    const state = (form: FormState['form']) =>
      page.state?.form === form ? page.state : { errors: {} as FormErrors, typed: {} as Record<string, string> };
    return this.pages.render(request, reply, 'certificates/certificate', {
      titleKey: 'web.certificates.certificate_title',
      titleParams: { code: certificate.code },
      status: page.state?.status,
      model: {
        certificate,
        status,
        statusLabel: translate(locale, `enums.certificate_status.${status}`),
        issuedOn: formatDate(locale, new Date(certificate.issuedAt)),
        expiresOn: certificate.expiresAt ? formatDate(locale, new Date(certificate.expiresAt)) : null,
        revokedOn: certificate.revokedAt ? formatDate(locale, new Date(certificate.revokedAt)) : null,
        reissuedOn: certificate.reissuedAt ? formatDate(locale, new Date(certificate.reissuedAt)) : null,
        language: translate(certificate.locale as Locale, 'web.language.name'),
        languages: languageOptions(),
        saved: certificatesNotice(page.saved),
        revokeForm: state('revoke'),
        reissueForm: state('reissue'),
      },
    });
  }
}
