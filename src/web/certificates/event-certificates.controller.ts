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
import { AppException, CommonErrorCode, formatDate, requestLocale } from '@cascade/common';
import { type Locale, translate } from '@cascade/i18n';

import {
  CertificateArchiveService,
  CertificatesService,
  certificateStatus,
  type EventOutcomes,
} from '../../modules/certificates/index.js';
import { EventStatus } from '../../modules/events/index.js';
import { UpdateTraineeDto } from '../../modules/trainees/dto/update-trainee.dto.js';
import { TraineesService } from '../../modules/trainees/index.js';
import { formRefusal } from '../layout/form-errors.js';
import { PageRenderer } from '../layout/page-renderer.js';
import { WebExceptionFilter } from '../layout/web-exception.filter.js';
import { formDto, formText, WebForm } from '../layout/web-form.js';
import type { PageRequest } from '../layout/web-session.js';
import { languageOptions } from '../officer/officer-choices.js';
import { eventDates } from '../trainer/trainer-view.js';
import { certificatesNotice } from './certificates-view.js';

/**
 * An event's outcomes and certificates for its officers: who completed and why the others did
 * not, each certificate (download, manage), all of them in one ZIP, the certificate language
 * per trainee, and completion decided again after a correction.
 */
@ApiExcludeController()
@Controller('officer/events')
@UseFilters(WebExceptionFilter)
export class EventCertificatesController {
  constructor(
    private readonly certificates: CertificatesService,
    private readonly archives: CertificateArchiveService,
    private readonly trainees: TraineesService,
    private readonly pages: PageRenderer,
  ) {}

  @Get(':id/certificates')
  @RequirePermission(Permission.CertificatesManage)
  async outcomes(
    @CurrentUser() user: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Req() request: PageRequest,
    @Res() reply: FastifyReply,
    @Query('saved') saved?: string,
  ): Promise<void> {
    void reply.send(await this.render(user, id, request, reply, { saved }));
  }

  /** Decides completion again (after a score or attendance was corrected): a job; the page says it started. */
  @Post(':id/certificates/completion')
  @RequirePermission(Permission.CertificatesManage)
  @WebForm()
  async complete(
    @CurrentUser() user: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Req() request: PageRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    try {
      await this.certificates.requestCompletion(user, id);
      void reply.redirect(`/officer/events/${id}/certificates?saved=completion`, HttpStatus.SEE_OTHER);
    } catch (error) {
      const { errors, status } = formRefusal(error, requestLocale(request), { except: [HttpStatus.NOT_FOUND] });
      void reply.send(await this.render(user, id, request, reply, { refused: Object.values(errors).flat(), status }));
    }
  }

  /** The language one trainee's certificates are made in, from now on (a certificate already made is reissued for it). */
  @Post(':id/certificates/language')
  @RequirePermission(Permission.CertificatesManage)
  @WebForm()
  async language(
    @CurrentUser() user: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: Record<string, unknown>,
    @Req() request: PageRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const traineeId = formText(body, 'trainee');
    const language = formText(body, 'language');
    try {
      const { enrollees } = await this.certificates.outcomes(user, id);
      // Only a trainee of this event, as the page listed them.
      if (!enrollees.some((enrollee) => enrollee.traineeId === traineeId)) {
        throw new AppException(HttpStatus.NOT_FOUND, CommonErrorCode.NotFound);
      }
      const dto = await formDto(UpdateTraineeDto, { preferredLanguage: language || null });
      await this.trainees.update(user, traineeId, dto);
      void reply.redirect(`/officer/events/${id}/certificates?saved=language`, HttpStatus.SEE_OTHER);
    } catch (error) {
      const { errors, status } = formRefusal(error, requestLocale(request), { except: [HttpStatus.NOT_FOUND] });
      void reply.send(await this.render(user, id, request, reply, { refused: Object.values(errors).flat(), status }));
    }
  }

  /** Every certificate of the event in one ZIP, streamed as it is written (audited). */
  @Get(':id/certificates/all.zip')
  @RequirePermission(Permission.CertificatesManage)
  async archive(
    @CurrentUser() user: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const { stream, fileName } = await this.archives.eventArchive(user, id);
    void reply
      .header('content-type', 'application/zip')
      .header('content-disposition', `attachment; filename="${fileName}"`)
      .header('cache-control', 'no-store')
      .send(stream);
  }

  private async render(
    user: AuthUser,
    id: string,
    request: PageRequest,
    reply: FastifyReply,
    page: { saved?: string; refused?: string[]; status?: number },
  ): Promise<string> {
    const locale = requestLocale(request);
    const outcomes = await this.certificates.outcomes(user, id);
    const { event } = outcomes;
    const courseTitle = courseTitleOf(outcomes, locale);
    return this.pages.render(request, reply, 'certificates/event-certificates', {
      titleKey: 'web.certificates.event_title',
      titleParams: { course: courseTitle },
      status: page.status,
      model: {
        eventId: id,
        dates: eventDates(locale, event.startDate, event.endDate),
        venue: event.venue,
        completed: event.status === EventStatus.Completed,
        eventLanguage: translate(event.language as Locale, 'web.language.name'),
        rules: outcomes.rules,
        saved: certificatesNotice(page.saved),
        refused: page.refused ?? [],
        languages: languageOptions(),
        certified: outcomes.enrollees.filter((enrollee) => enrollee.certificate).length,
        enrollees: outcomes.enrollees.map((enrollee, index) => enrolleeView(enrollee, index, outcomes, locale)),
      },
    });
  }
}

function courseTitleOf(outcomes: EventOutcomes, locale: Locale): string {
  const titles = outcomes.event.courseTitles as Record<string, string | undefined>;
  return titles[locale] ?? titles.en ?? titles.ru ?? Object.values(titles).find(Boolean) ?? '';
}

/** One row of the outcomes table, its texts in the page's language. */
function enrolleeView(
  enrollee: EventOutcomes['enrollees'][number],
  index: number,
  { rules }: EventOutcomes,
  locale: Locale,
) {
  const t = (key: string, params?: Record<string, string | number>) => translate(locale, key, params);
  const certificate = enrollee.certificate;
  const status = certificate ? certificateStatus(certificate) : null;
  const reasons = enrollee.reasons.map((reason) => {
    switch (reason) {
      case 'attendance':
        return t('web.certificates.reason_attendance', {
          percent: enrollee.attendancePercent,
          required: rules.minAttendancePercent,
        });
      case 'post_score_low':
        return t('web.certificates.reason_post_score_low', {
          score: enrollee.postScore ?? 0,
          required: rules.minPostScore ?? 0,
        });
      case 'post_score_missing':
        return t('web.certificates.reason_post_score_missing');
      case 'withdrawn':
        return t('web.certificates.reason_withdrawn');
      case 'no_sessions':
        return t('web.certificates.reason_no_sessions');
    }
  });
  return {
    traineeId: enrollee.traineeId,
    name: enrollee.fullName ?? t('web.roster.name_withheld', { row: index + 1 }),
    completed: enrollee.reasons.length === 0,
    reasons,
    attendance: t('web.certificates.attendance_of', {
      attended: enrollee.attended,
      sessions: enrollee.sessions,
      percent: enrollee.attendancePercent,
    }),
    postScore: enrollee.postScore,
    preferredLanguage: enrollee.preferredLanguage ?? '',
    certificate: certificate && {
      id: certificate.id,
      code: certificate.code,
      status,
      statusLabel: t(`enums.certificate_status.${status}`),
      issuedOn: formatDate(locale, new Date(certificate.issuedAt)),
      language: translate(certificate.locale as Locale, 'web.language.name'),
      lang: certificate.locale,
    },
  };
}
