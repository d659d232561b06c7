import { Controller, Get, HttpStatus, Param, ParseUUIDPipe, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import ExcelJS from 'exceljs';
import type { FastifyReply } from 'fastify';
import QRCode from 'qrcode';

import { type AuthUser, CurrentUser, Permission, RequirePermission } from '@cascade/auth';
import { AppException, CommonErrorCode, formatDate, formatDateRange, requestLocale } from '@cascade/common';
import { isLocale, type Locale, translate } from '@cascade/i18n';

import { localized } from '../../modules/courses/index.js';
import { EventsService } from '../../modules/events/index.js';
import { FeedbackLinksService } from '../../modules/feedback/index.js';
import { type AttendanceLine, TraineeRecordsService } from '../../modules/trainee-records/index.js';
import { PageRenderer } from '../layout/page-renderer.js';
import { WebExceptionFilter } from '../layout/web-exception.filter.js';
import type { PageRequest } from '../layout/web-session.js';
import { renderSignInSheet } from './sign-in-sheet-pdf.js';

/**
 * Paper for the trainings that still collect signatures: a sign-in sheet per session or for the
 * whole event (PDF, in the event's language), and the attendance summary — who came to how many
 * sessions — as a page and an XLSX file. The roster's own rules decide who may have them.
 */
@ApiExcludeController()
@Controller()
@UseFilters(WebExceptionFilter)
export class AttendanceSheetsController {
  constructor(
    private readonly events: EventsService,
    private readonly records: TraineeRecordsService,
    private readonly pages: PageRenderer,
    private readonly feedback: FeedbackLinksService,
  ) {}

  /** The event's trainers print it too: EnrollmentsRead, scoped by the roster (own events only). */
  @Get('attendance-sheets/:eventId')
  @RequirePermission(Permission.EnrollmentsRead)
  async signInSheet(
    @CurrentUser() user: AuthUser,
    @Param('eventId', new ParseUUIDPipe()) eventId: string,
    @Res() reply: FastifyReply,
    @Query('session') sessionId?: string,
  ): Promise<void> {
    const { lines } = await this.records.attendance(user, eventId);
    const detail = await this.events.get(user, eventId);
    const locale: Locale = isLocale(detail.event.language) ? detail.event.language : 'ru';
    const sessions = sessionId ? detail.sessions.filter((s) => s.session.id === sessionId) : detail.sessions;
    if (sessionId && sessions.length === 0) throw new AppException(HttpStatus.NOT_FOUND, CommonErrorCode.NotFound);
    // The last session's sheet carries each trainee's feedback code: they scan it as they sign.
    const codes = new Map<string, Buffer>();
    if (sessionId && detail.sessions.at(-1)?.session.id === sessionId) {
      for (const slip of await this.feedback.slips(user, eventId)) {
        codes.set(
          slip.traineeId,
          await QRCode.toBuffer(slip.url, { margin: 1, width: 168, errorCorrectionLevel: 'M' }),
        );
      }
    }
    const pdf = await renderSignInSheet({
      locale,
      courseTitle: localized(detail.event.course.titles, locale),
      dates: formatDateRange(locale, detail.event.startDate, detail.event.endDate),
      venue: detail.event.venue,
      sessions: sessionId
        ? sessions.map(({ session }) =>
            translate(locale, 'web.sheet.session', {
              date: formatDate(locale, session.date),
              start: session.startTime.slice(0, 5),
              end: session.endTime.slice(0, 5),
            }),
          )
        : [],
      people: lines
        .filter((line) => line.status !== 'withdrawn')
        .map((line, index) => ({
          name: line.fullName ?? translate(locale, 'web.roster.name_withheld', { row: index + 1 }),
          profession: translate(locale, `enums.profession.${line.profession}`),
          feedbackQr: codes.get(line.traineeId),
        })),
    });
    const name = sessionId
      ? `sign-in-sheet-${sessions[0].session.date}.pdf`
      : `sign-in-sheet-${detail.event.startDate}.pdf`;
    void reply
      .header('content-type', 'application/pdf')
      .header('content-disposition', `attachment; filename="${name}"`)
      .header('cache-control', 'no-store')
      .send(pdf);
  }

  @Get('officer/events/:eventId/attendance')
  @RequirePermission(Permission.EventsManage)
  async summary(
    @CurrentUser() user: AuthUser,
    @Param('eventId', new ParseUUIDPipe()) eventId: string,
    @Req() request: PageRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const locale = requestLocale(request);
    const { lines } = await this.records.attendance(user, eventId);
    const detail = await this.events.get(user, eventId);
    const courseTitle = localized(detail.event.course.titles, locale);
    void reply.send(
      await this.pages.render(request, reply, 'attendance-sheets/summary', {
        titleKey: 'web.sheet.summary_title',
        titleParams: { course: courseTitle },
        model: {
          eventId,
          courseTitle,
          dates: formatDateRange(locale, detail.event.startDate, detail.event.endDate),
          sessions: detail.sessions.map(({ session }) => ({
            id: session.id,
            label: `${formatDate(locale, session.date)}, ${session.startTime.slice(0, 5)}`,
          })),
          lines: rows(lines, locale),
        },
      }),
    );
  }

  @Get('officer/events/:eventId/attendance/export')
  @RequirePermission(Permission.EventsManage)
  async export(
    @CurrentUser() user: AuthUser,
    @Param('eventId', new ParseUUIDPipe()) eventId: string,
    @Req() request: PageRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const locale = requestLocale(request);
    const { lines } = await this.records.attendance(user, eventId);
    const detail = await this.events.get(user, eventId);
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet(translate(locale, 'web.trainees.attendance').slice(0, 31));
    const sessionHeads = detail.sessions.map(({ session }) => `${session.date} ${session.startTime.slice(0, 5)}`);
    sheet.addRow([
      translate(locale, 'web.sheet.name'),
      translate(locale, 'web.sheet.profession'),
      translate(locale, 'web.officer.status'),
      translate(locale, 'web.sheet.attended'),
      ...sessionHeads,
    ]).font = { bold: true };
    sheet.views = [{ state: 'frozen', ySplit: 1 }];
    for (const line of rows(lines, locale)) {
      sheet.addRow([line.name, line.profession, line.status, line.attended, ...line.marks]);
    }
    const file = Buffer.from(await workbook.xlsx.writeBuffer());
    void reply
      .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', `attachment; filename="attendance-${detail.event.startDate}.xlsx"`)
      .header('cache-control', 'no-store')
      .send(file);
  }
}

/** The summary's lines in the page's language: a mark a session, and how many were attended. */
function rows(lines: AttendanceLine[], locale: Locale) {
  return lines.map((line, index) => ({
    traineeId: line.traineeId,
    name: line.fullName ?? translate(locale, 'web.roster.name_withheld', { row: index + 1 }),
    profession: translate(locale, `enums.profession.${line.profession}`),
    status: translate(locale, `enums.enrollment_status.${line.status}`),
    attended: line.attended,
    ofSessions: translate(locale, 'web.sheet.of_sessions', { attended: line.attended, sessions: line.sessions }),
    marks: line.marks.map((mark) =>
      mark === null ? translate(locale, 'web.sheet.no_mark') : translate(locale, `enums.attendance_status.${mark}`),
    ),
  }));
}
