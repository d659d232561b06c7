import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager, In } from 'typeorm';

import {
  assertCanAccess,
  type AuthUser,
  countryScope,
  inCountryScope,
  Permission,
  type ScopedResource,
  teachingScope,
} from '@cascade/auth';
import { AppException, CommonErrorCode, invalidField, type Page, pageOf } from '@cascade/common';
import { type Locale, translate } from '@cascade/i18n';
import { JobName } from '@cascade/queue';

import { JobsService } from '../../infrastructure/jobs/index.js';
import { Country } from '../countries/index.js';
import { Course, localized } from '../courses/index.js';
import { Region } from '../reference/index.js';
import { Trainer, TrainerStatus } from '../trainers/index.js';
import type { ChangeEventStatusDto, CreateEventDto, ListEventsQueryDto, UpdateEventDto } from './dto/event.dto.js';
import type { EventDetail, EventListing } from './dto/event.response.dto.js';
import type { SetEventTrainersDto } from './dto/event-trainers.dto.js';
import { canMoveTo, daysSpanned, EVENT_STATUS_TRANSITIONS, isClosed, MAX_EVENT_DAYS } from './event-status.js';
import { EventTrainer, EventTrainerRole } from './event-trainer.entity.js';
import { EventsRepository } from './events.repository.js';
import { EventFieldCode, EventsErrorCode } from './events-error-code.js';
import { EventStatus, TrainingEvent } from './training-event.entity.js';
import { TrainingSession } from './training-session.entity.js';

const notFound = () => new AppException(HttpStatus.NOT_FOUND, CommonErrorCode.NotFound);

/**
 * Training events: planning them in one's countries, their status, and the trainers booked on
 * them. Officers see their countries' events; trainers only the events they teach; donors none.
 */
@Injectable()
export class EventsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly events: EventsRepository,
    private readonly jobs: JobsService,
  ) {}

  async list(user: AuthUser, query: ListEventsQueryDto): Promise<Page<EventListing>> {
    if (query.from && query.to && query.from > query.to) throw invalidField('to', EventFieldCode.PeriodReversed);
    const [events, total] = await this.events.page(
      { countries: countryScope(user), taughtBy: teachingScope(user) },
      query,
    );
    const counts = await this.events.enrolledCounts(
      this.dataSource.manager,
      events.map((event) => event.id),
    );
    return pageOf(
      events.map((event) => ({ event, enrolledCount: counts.get(event.id) ?? 0 })),
      total,
      query,
    );
  }

  async get(user: AuthUser, id: string): Promise<EventDetail> {
    const event = await this.findForUser(this.dataSource.manager, user, Permission.EventsRead, id);
    return this.detail(this.dataSource.manager, event);
  }

  async create(user: AuthUser, dto: CreateEventDto): Promise<EventDetail> {
    if (!inCountryScope(user, dto.countryCode)) throw invalidField('countryCode', EventFieldCode.CountryOutOfScope);
    checkDates(dto.startDate, dto.endDate, 'endDate');
    return this.dataSource.transaction(async (manager) => {
      if (!(await manager.existsBy(Country, { code: dto.countryCode }))) {
        throw invalidField('countryCode', EventFieldCode.UnknownCountry, { codes: dto.countryCode });
      }
      await assertRegionInCountry(manager, dto.regionCode, dto.countryCode);
      const course = await manager.findOneBy(Course, { id: dto.courseId });
      if (!course) throw invalidField('courseId', EventFieldCode.UnknownCourse);
      if (!course.active) throw invalidField('courseId', EventFieldCode.CourseInactive);
      const event = await manager.save(
        manager.create(TrainingEvent, {
          courseId: course.id,
          countryCode: dto.countryCode,
          regionCode: dto.regionCode ?? null,
          venue: dto.venue,
          language: dto.language,
          startDate: dto.startDate,
          endDate: dto.endDate,
          capacity: dto.capacity,
        }),
      );
      return this.detail(manager, event);
    });
  }

  async update(user: AuthUser, id: string, dto: UpdateEventDto, locale: Locale): Promise<EventDetail> {
    return this.dataSource.transaction(async (manager) => {
      const event = await this.findForUser(manager, user, Permission.EventsManage, id, { lock: true });
      const changesPlan = Object.entries(dto).some(
        ([field, value]) => value !== undefined && field !== 'anonymousParticipants',
      );
      if (changesPlan) assertOpen(event);

      const startDate = dto.startDate ?? event.startDate;
      const endDate = dto.endDate ?? event.endDate;
      if (startDate !== event.startDate || endDate !== event.endDate) {
        checkDates(startDate, endDate, dto.endDate !== undefined ? 'endDate' : 'startDate');
        const outside = await this.events.sessionsOutside(manager, event.id, startDate, endDate);
        if (outside.before > 0) {
          throw invalidField('startDate', EventFieldCode.SessionsOutsideDates, { sessions: outside.before });
        }
        if (outside.after > 0) {
          throw invalidField('endDate', EventFieldCode.SessionsOutsideDates, { sessions: outside.after });
        }
        const trainerIds = (await manager.findBy(EventTrainer, { eventId: event.id })).map((t) => t.trainerId);
        await this.events.lockTrainers(manager, trainerIds);
        await this.assertNoBookingClash(manager, trainerIds, event.id, startDate, endDate, locale);
      }
      if (dto.regionCode !== undefined) {
        await assertRegionInCountry(manager, dto.regionCode ?? undefined, event.countryCode);
        event.regionCode = dto.regionCode;
      }
      if (dto.capacity !== undefined) {
        const enrolled = (await this.events.enrolledCounts(manager, [event.id])).get(event.id) ?? 0;
        if (dto.capacity < enrolled) throw invalidField('capacity', EventFieldCode.CapacityBelowEnrolled, { enrolled });
        event.capacity = dto.capacity;
      }
      event.startDate = startDate;
      event.endDate = endDate;
      if (dto.venue !== undefined) event.venue = dto.venue;
      if (dto.language !== undefined) event.language = dto.language;
      if (dto.anonymousParticipants !== undefined) event.anonymousParticipants = dto.anonymousParticipants;
      await manager.save(event);
      return this.detail(manager, event);
    });
  }

  /**
   * Moves an event along planned → ongoing → completed, or cancels it from planned or ongoing.
   * Once an event is saved as completed, the completion job decides who completed it by the
   * course's rules and issues their certificates (certificates' worker runs it): it starts after the
   * commit, so it sees the status.
   */
  async changeStatus(user: AuthUser, id: string, dto: ChangeEventStatusDto, locale: Locale): Promise<EventDetail> {
    const detail = await this.dataSource.transaction(async (manager) => {
      const event = await this.findForUser(manager, user, Permission.EventsManage, id, { lock: true });
      if (!canMoveTo(event.status, dto.status)) {
        const label = (status: EventStatus) => translate(locale, `enums.event_status.${status}`);
        const allowed = EVENT_STATUS_TRANSITIONS[event.status];
        throw new AppException(HttpStatus.CONFLICT, EventsErrorCode.StatusTransitionForbidden, {
          from: label(event.status),
          to: label(dto.status),
          allowed: allowed.length > 0 ? allowed.map(label).join(', ') : translate(locale, 'events.none_allowed'),
        });
      }
      event.status = dto.status;
      await manager.save(event);
      return this.detail(manager, event);
    });
    if (dto.status === EventStatus.Completed) {
      await this.jobs.enqueue(JobName.CompleteEvent, {
        eventId: id,
        requestedBy: user.id,
        requestedAt: new Date().toISOString(),
      });
    }
    return detail;
  }

  /** Replaces the event's trainers: 1 to 3 of the event's country, one lead, none booked elsewhere then. */
  async setTrainers(user: AuthUser, id: string, dto: SetEventTrainersDto, locale: Locale): Promise<EventDetail> {
    const ids = dto.trainers.map((trainer) => trainer.trainerId);
    if (new Set(ids).size !== ids.length) throw invalidField('trainers', EventFieldCode.DuplicateTrainer);
    if (dto.trainers.filter((trainer) => trainer.role === EventTrainerRole.Lead).length !== 1) {
      throw invalidField('trainers', EventFieldCode.OneLeadRequired);
    }
    return this.dataSource.transaction(async (manager) => {
      const event = await this.findForUser(manager, user, Permission.EventsManage, id, { lock: true });
      assertOpen(event);
      await this.events.lockTrainers(manager, ids);
      const trainers = new Map((await manager.findBy(Trainer, { id: In(ids) })).map((t) => [t.id, t]));
      ids.forEach((trainerId, index) => {
        const trainer = trainers.get(trainerId);
        // One answer for a trainer of another country and for one that does not exist.
        if (trainer?.countryCode !== event.countryCode) {
          throw invalidField(`trainers.${index}.trainerId`, EventFieldCode.TrainerNotInCountry, {
            country: event.countryCode,
          });
        }
        if (trainer.status === TrainerStatus.Inactive) {
          throw invalidField(`trainers.${index}.trainerId`, EventFieldCode.TrainerInactive);
        }
      });
      await this.assertNoBookingClash(manager, ids, event.id, event.startDate, event.endDate, locale);

      const current = await manager.findBy(EventTrainer, { eventId: event.id });
      const dropped = current.filter((booking) => !ids.includes(booking.trainerId));
      if (dropped.length > 0) await manager.remove(dropped);
      for (const { trainerId, role } of dto.trainers) {
        const booking =
          current.find((b) => b.trainerId === trainerId) ??
          manager.create(EventTrainer, { eventId: event.id, trainerId });
        booking.role = role;
        await manager.save(booking);
      }
      return this.detail(manager, event);
    });
  }

  /**
   * The event, if the user may act on it with the permission: a missing permission answers 403,
   * an event out of scope 404 exactly as one that does not exist. `lock` holds the row for the
   * transaction, so checks of capacity, bookings and overlaps cannot race.
   */
  async findForUser(
    manager: EntityManager,
    user: AuthUser,
    permission: Permission,
    id: string,
    options: { lock?: boolean; personal?: boolean } = {},
  ): Promise<TrainingEvent> {
    const event = options.lock
      ? await this.events.lockEvent(manager, id)
      : await manager.findOneBy(TrainingEvent, { id });
    if (!event) throw notFound();
    const resource: ScopedResource = {
      countryCode: event.countryCode,
      trainerUserIds: await this.events.trainerUserIds(manager, id),
      personal: options.personal,
    };
    assertCanAccess(user, permission, resource);
    return event;
  }

  async detail(manager: EntityManager, event: TrainingEvent): Promise<EventDetail> {
    const course = await manager.findOneByOrFail(Course, { id: event.courseId });
    const sessions = await manager.find(TrainingSession, {
      where: { eventId: event.id },
      relations: { module: true },
      order: { date: 'ASC', startTime: 'ASC' },
    });
    return {
      event: Object.assign(event, { course }),
      enrolledCount: (await this.events.enrolledCounts(manager, [event.id])).get(event.id) ?? 0,
      sessions: sessions.map((session) => ({ session, moduleTitles: session.module?.titles ?? null })),
      trainers: await this.events.trainers(manager, event.id),
    };
  }

  private async assertNoBookingClash(
    manager: EntityManager,
    trainerIds: string[],
    eventId: string,
    startDate: string,
    endDate: string,
    locale: Locale,
  ): Promise<void> {
    const clash = await this.events.bookingClash(manager, trainerIds, eventId, startDate, endDate);
    if (clash) {
      throw new AppException(HttpStatus.CONFLICT, EventsErrorCode.TrainerBookingClash, {
        trainer: clash.trainerName,
        course: localized(clash.courseTitles, locale),
        venue: clash.venue,
        start: clash.startDate,
        end: clash.endDate,
      });
    }
  }
}

/** A completed or cancelled event keeps its plan: 409. */
export function assertOpen(event: TrainingEvent): void {
  if (isClosed(event.status)) throw new AppException(HttpStatus.CONFLICT, EventsErrorCode.EventClosed);
}

/** The end not before the start, and at most MAX_EVENT_DAYS days in all; a 400 on `field` otherwise. */
function checkDates(startDate: string, endDate: string, field: 'startDate' | 'endDate'): void {
  if (endDate < startDate) {
    throw invalidField(field, field === 'endDate' ? EventFieldCode.PeriodReversed : EventFieldCode.StartAfterEnd);
  }
  if (daysSpanned(startDate, endDate) > MAX_EVENT_DAYS) {
    throw invalidField(field, EventFieldCode.EventTooLong, { count: MAX_EVENT_DAYS });
  }
}

async function assertRegionInCountry(manager: EntityManager, regionCode: string | undefined, countryCode: string) {
  if (regionCode && !(await manager.existsBy(Region, { code: regionCode, countryCode }))) {
    throw invalidField('regionCode', EventFieldCode.RegionNotInCountry, { country: countryCode });
  }
}
