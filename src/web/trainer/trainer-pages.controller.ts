import { randomUUID } from 'node:crypto';

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
import { InjectDataSource } from '@nestjs/typeorm';
import type { FastifyReply } from 'fastify';
import { DataSource } from 'typeorm';

import { type AuthUser, CurrentUser, Permission, RequirePermission } from '@cascade/auth';
import { requestLocale } from '@cascade/common';
import { type Locale, translate } from '@cascade/i18n';

import { AssessmentsService } from '../../modules/attendance/assessments.service.js';
import { AttendanceService } from '../../modules/attendance/attendance.service.js';
import { AttendanceStatus } from '../../modules/attendance/attendance-mark.entity.js';
import { ListEventsQueryDto } from '../../modules/events/dto/event.dto.js';
import { EventResponseDto, EventSummaryDto } from '../../modules/events/dto/event.response.dto.js';
import { loadEventAccess } from '../../modules/events/event-access.js';
import { EventsService } from '../../modules/events/events.service.js';
import { type FormErrors, formRefusal } from '../layout/form-errors.js';
import { PageRenderer } from '../layout/page-renderer.js';
import { WebExceptionFilter } from '../layout/web-exception.filter.js';
import { WebForm } from '../layout/web-form.js';
import type { PageRequest } from '../layout/web-session.js';
import { dateLabel, eventDates, parseScore, today } from './trainer-view.js';

/** How far back "my events" reaches: events that ended within it are still listed (for late marks). */
const RECENT_DAYS = 30;
/** The events whose upcoming sessions' rosters are kept for offline use. */
const OFFLINE_EVENTS = 10;

const STATUSES = Object.values(AttendanceStatus);

/**
 * The national trainer's path, phone first: my events → an event's sessions → a session's roster,
 * and the event's pre/post scores. Everything is read and written through the events, attendance and
 * assessments services, so a page shows and accepts exactly what the API would. Officers and admins,
 * who may record attendance too, see the events of their scope.
 */
@ApiExcludeController()
@Controller('trainer')
@UseFilters(WebExceptionFilter)
export class TrainerPagesController {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly events: EventsService,
    private readonly attendance: AttendanceService,
    private readonly assessments: AssessmentsService,
    private readonly pages: PageRenderer,
  ) {}

  @Get()
  @RequirePermission(Permission.EventsRead)
  async myEvents(
    @CurrentUser() user: AuthUser,
    @Req() request: PageRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const locale = requestLocale(request);
    const query = Object.assign(new ListEventsQueryDto(), { page: 1, limit: 100, from: today(-RECENT_DAYS) });
    const page = await this.events.list(user, query);
    const events = page.items.map((listing) => ({
      ...EventSummaryDto.from(listing, locale),
      dates: eventDates(locale, listing.event.startDate, listing.event.endDate),
    }));
    void reply.send(
      await this.pages.render(request, reply, 'trainer/events', {
        titleKey: 'web.trainer.events_title',
        model: { events, precache: await this.offlineUrls(user, events) },
        scripts: ['offline.js'],
      }),
    );
  }

  @Get('events/:eventId')
  @RequirePermission(Permission.EventsRead)
  async event(
    @CurrentUser() user: AuthUser,
    @Param('eventId', new ParseUUIDPipe()) eventId: string,
    @Req() request: PageRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const locale = requestLocale(request);
    const event = EventResponseDto.fromDetail(await this.events.get(user, eventId), locale);
    const sessions = event.sessions.map((session) => ({ ...session, dateLabel: dateLabel(locale, session.date) }));
    const upcoming = sessions.filter((session) => session.date >= today()).map((s) => `/trainer/sessions/${s.id}`);
    void reply.send(
      await this.pages.render(request, reply, 'trainer/event', {
        titleKey: 'web.trainer.event_title',
        titleParams: { course: event.courseTitle },
        model: { event, sessions, dates: eventDates(locale, event.startDate, event.endDate), precache: upcoming },
        scripts: ['offline.js'],
      }),
    );
  }

  @Get('sessions/:sessionId')
  @RequirePermission(Permission.AttendanceRecord)
  async roster(
    @CurrentUser() user: AuthUser,
    @Param('sessionId', new ParseUUIDPipe()) sessionId: string,
    @Req() request: PageRequest,
    @Res() reply: FastifyReply,
    @Query('saved') saved?: string,
  ): Promise<void> {
    void reply.send(await this.renderRoster(user, sessionId, request, reply, { saved: saved === '1' }));
  }

  /**
   * The roster form sent without script: the changed rows, each a new mark with its own id. With
   * script, the page sends marks itself (PUT /sessions/:id/attendance), and keeps them while offline.
   */
  @Post('sessions/:sessionId')
  @RequirePermission(Permission.AttendanceRecord)
  @WebForm()
  async saveRoster(
    @CurrentUser() user: AuthUser,
    @Param('sessionId', new ParseUUIDPipe()) sessionId: string,
    @Body() body: Record<string, unknown>,
    @Req() request: PageRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const current = await this.attendance.roster(user, sessionId);
    const markedAt = new Date().toISOString();
    const marks = current.flatMap((row) => {
      const status = body[`status.${row.traineeId}`];
      if (!STATUSES.includes(status as AttendanceStatus) || status === row.status) return [];
      return [{ id: randomUUID(), traineeId: row.traineeId, status: status as AttendanceStatus, markedAt }];
    });
    if (marks.length > 0) {
      try {
        await this.attendance.record(user, sessionId, { marks }, undefined, requestLocale(request));
      } catch (error) {
        const { errors } = formRefusal(error, requestLocale(request));
        return void reply.send(
          await this.renderRoster(user, sessionId, request, reply, { errors, status: HttpStatus.BAD_REQUEST }),
        );
      }
    }
    void reply.redirect(`/trainer/sessions/${sessionId}?saved=1`, HttpStatus.SEE_OTHER);
  }

  @Get('events/:eventId/scores')
  @RequirePermission(Permission.AttendanceRecord)
  async scores(
    @CurrentUser() user: AuthUser,
    @Param('eventId', new ParseUUIDPipe()) eventId: string,
    @Req() request: PageRequest,
    @Res() reply: FastifyReply,
    @Query('saved') saved?: string,
  ): Promise<void> {
    void reply.send(await this.renderScores(user, eventId, request, reply, { saved: saved === '1' }));
  }

  /** Pre/post scores: a blank clears a score; errors come back beside their fields, with what was typed. */
  @Post('events/:eventId/scores')
  @RequirePermission(Permission.AttendanceRecord)
  @WebForm()
  async saveScores(
    @CurrentUser() user: AuthUser,
    @Param('eventId', new ParseUUIDPipe()) eventId: string,
    @Body() body: Record<string, unknown>,
    @Req() request: PageRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const locale = requestLocale(request);
    const current = await this.assessments.list(user, eventId);
    const errors: FormErrors = {};
    const typed: Record<string, string> = {};
    const scores = current.flatMap((row) => {
      const changes: { traineeId: string; preScore?: number | null; postScore?: number | null } = {
        traineeId: row.traineeId,
      };
      for (const [kind, property] of [
        ['pre', 'preScore'],
        ['post', 'postScore'],
      ] as const) {
        const name = `${kind}.${row.traineeId}`;
        const raw = typeof body[name] === 'string' ? body[name].trim() : '';
        typed[name] = raw;
        const parsed = parseScore(raw);
        if (parsed.error) errors[name] = [translate(locale, parsed.error.key, parsed.error.params)];
        else if (parsed.value !== row[property]) changes[property] = parsed.value;
      }
      return Object.keys(changes).length > 1 ? [changes] : [];
    });
    if (Object.keys(errors).length === 0 && scores.length > 0) {
      try {
        await this.assessments.record(user, eventId, { scores });
      } catch (error) {
        // `scores.3.postScore` → the field of that trainee's post score.
        const refusal = formRefusal(error, locale, {
          field: (field) => {
            const [, index, property] = field.split('.');
            const traineeId = scores[Number(index)]?.traineeId;
            return traineeId ? `${property === 'preScore' ? 'pre' : 'post'}.${traineeId}` : 'form';
          },
        });
        Object.assign(errors, refusal.errors);
      }
    }
    if (Object.keys(errors).length > 0) {
      return void reply.send(
        await this.renderScores(user, eventId, request, reply, { errors, typed, status: HttpStatus.BAD_REQUEST }),
      );
    }
    void reply.redirect(`/trainer/events/${eventId}/scores?saved=1`, HttpStatus.SEE_OTHER);
  }

  private async renderRoster(
    user: AuthUser,
    sessionId: string,
    request: PageRequest,
    reply: FastifyReply,
    state: { saved?: boolean; errors?: FormErrors; status?: number },
  ): Promise<string> {
    const locale = requestLocale(request);
    // The attendance check first: it is what the roster needs (AttendanceRecord, the event's scope).
    const access = await loadEventAccess(this.dataSource.manager, user, Permission.AttendanceRecord, { sessionId });
    const rows = await this.attendance.roster(user, sessionId);
    const event = EventResponseDto.fromDetail(await this.events.get(user, access.eventId), locale);
    const session = event.sessions.find((s) => s.id === sessionId);
    return this.pages.render(request, reply, 'trainer/roster', {
      titleKey: 'web.trainer.roster_title',
      status: state.status,
      model: {
        event,
        session,
        sessionDate: session ? dateLabel(locale, session.date) : '',
        rows,
        marked: rows.filter((row) => row.status !== null).length,
        statuses: STATUSES.map((value) => ({ value, label: statusLabel(locale, value) })),
        saved: state.saved ?? false,
        errors: state.errors ?? {},
        texts: rosterTexts(locale),
        // The last session is when trainees give their feedback: its page offers their links.
        lastSession: event.sessions.at(-1)?.id === sessionId,
      },
      scripts: ['offline.js', 'roster.js'],
    });
  }

  private async renderScores(
    user: AuthUser,
    eventId: string,
    request: PageRequest,
    reply: FastifyReply,
    state: { saved?: boolean; errors?: FormErrors; typed?: Record<string, string>; status?: number },
  ): Promise<string> {
    const locale = requestLocale(request);
    const rows = await this.assessments.list(user, eventId);
    const event = EventResponseDto.fromDetail(await this.events.get(user, eventId), locale);
    const value = (kind: 'pre' | 'post', row: (typeof rows)[number]) => {
      const typed = state.typed?.[`${kind}.${row.traineeId}`];
      if (typed !== undefined) return typed;
      const score = kind === 'pre' ? row.preScore : row.postScore;
      return score === null ? '' : String(score);
    };
    const errors = state.errors ?? {};
    // The summary at the top names each refused field by its trainee and test, in the rows' order.
    const summary = rows.flatMap((row, index) =>
      (['pre', 'post'] as const).flatMap((kind) => {
        const messages = errors[`${kind}.${row.traineeId}`];
        if (!messages) return [];
        const name = row.fullName ?? translate(locale, 'web.roster.name_withheld', { row: index + 1 });
        const test = translate(locale, `web.scores.${kind}`);
        return [{ href: `#${kind}-${row.traineeId}`, text: `${name}, ${test}: ${messages.join(' ')}` }];
      }),
    );
    return this.pages.render(request, reply, 'trainer/scores', {
      titleKey: 'web.scores.title',
      status: state.status,
      model: {
        event,
        rows: rows.map((row) => ({ ...row, pre: value('pre', row), post: value('post', row) })),
        saved: state.saved ?? false,
        errors,
        summary,
      },
      scripts: ['offline.js', 'scores.js'],
    });
  }

  /** The pages to keep for offline use: the trainer's current events and their upcoming sessions' rosters. */
  private async offlineUrls(user: AuthUser, events: { id: string; endDate: string }[]): Promise<string[]> {
    const current = events.filter((event) => event.endDate >= today()).slice(0, OFFLINE_EVENTS);
    const urls: string[] = [];
    for (const { id } of current) {
      urls.push(`/trainer/events/${id}`);
      const detail = await this.events.get(user, id);
      for (const { session } of detail.sessions) {
        if (session.date >= today()) urls.push(`/trainer/sessions/${session.id}`);
      }
    }
    return urls;
  }
}

function statusLabel(locale: Locale, status: AttendanceStatus): string {
  return translate(locale, `enums.attendance_status.${status}`);
}

/** The texts the roster's script shows, in the page's language. */
function rosterTexts(locale: Locale): Record<string, string> {
  const t = (key: string) =>
    translate(locale, `web.roster.${key}`, {
      number: '{{number}}',
      message: '{{message}}',
      marked: '{{marked}}',
      total: '{{total}}',
    });
  return {
    waiting: t('waiting'),
    synced: t('synced'),
    offline: t('offline'),
    failed: t('failed'),
    signInAgain: t('sign_in_again'),
    sending: t('sending'),
    marked: t('marked'),
  };
}
