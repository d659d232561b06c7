import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';

import { type AuthUser, Permission } from '@cascade/auth';
import { AppException, CommonErrorCode, invalidField } from '@cascade/common';

import { CourseModule, type LocalizedText } from '../courses/index.js';
import { clockTime, type CreateSessionDto, type UpdateSessionDto } from './dto/session.dto.js';
import { EventsRepository } from './events.repository.js';
import { assertOpen, EventsService } from './events.service.js';
import { EventFieldCode, EventsErrorCode } from './events-error-code.js';
import type { TrainingEvent } from './training-event.entity.js';
import { TrainingSession } from './training-session.entity.js';

export interface SessionWithModule {
  session: TrainingSession;
  moduleTitles: LocalizedText | null;
}

interface SessionPlan {
  date: string;
  startTime: string;
  endTime: string;
  moduleId: string | null;
}

/**
 * The sessions of an event: within its dates, each ending after it starts, none overlapping
 * another of the same event. How many a day is up to the officer (1–4 is usual).
 */
@Injectable()
export class SessionsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly events: EventsService,
    private readonly repository: EventsRepository,
  ) {}

  async create(user: AuthUser, eventId: string, dto: CreateSessionDto): Promise<SessionWithModule> {
    return this.dataSource.transaction(async (manager) => {
      const event = await this.events.findForUser(manager, user, Permission.EventsManage, eventId, { lock: true });
      assertOpen(event);
      const plan = { date: dto.date, startTime: dto.startTime, endTime: dto.endTime, moduleId: dto.moduleId ?? null };
      const moduleTitles = await this.check(manager, event, plan, null);
      const session = await manager.save(manager.create(TrainingSession, { eventId: event.id, ...plan }));
      return { session, moduleTitles };
    });
  }

  async update(user: AuthUser, eventId: string, sessionId: string, dto: UpdateSessionDto): Promise<SessionWithModule> {
    return this.dataSource.transaction(async (manager) => {
      const event = await this.events.findForUser(manager, user, Permission.EventsManage, eventId, { lock: true });
      assertOpen(event);
      const session = await this.find(manager, event, sessionId);
      const plan: SessionPlan = {
        date: dto.date ?? session.date,
        startTime: dto.startTime ?? clockTime(session.startTime),
        endTime: dto.endTime ?? clockTime(session.endTime),
        moduleId: dto.moduleId === undefined ? session.moduleId : dto.moduleId,
      };
      const moduleTitles = await this.check(manager, event, plan, session.id);
      Object.assign(session, plan);
      await manager.save(session);
      return { session, moduleTitles };
    });
  }

  /** Removes the session, and with it any attendance marked for it. */
  async remove(user: AuthUser, eventId: string, sessionId: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const event = await this.events.findForUser(manager, user, Permission.EventsManage, eventId, { lock: true });
      assertOpen(event);
      await manager.remove(await this.find(manager, event, sessionId));
    });
  }

  private async find(manager: EntityManager, event: TrainingEvent, sessionId: string): Promise<TrainingSession> {
    const session = await manager.findOneBy(TrainingSession, { id: sessionId, eventId: event.id });
    if (!session) throw new AppException(HttpStatus.NOT_FOUND, CommonErrorCode.NotFound);
    return session;
  }

  /** The rules a session must keep; answers the titles of its module, if it has one. */
  private async check(
    manager: EntityManager,
    event: TrainingEvent,
    plan: SessionPlan,
    exceptId: string | null,
  ): Promise<LocalizedText | null> {
    if (plan.date < event.startDate || plan.date > event.endDate) {
      throw invalidField('date', EventFieldCode.SessionOutsideEvent, { start: event.startDate, end: event.endDate });
    }
    if (plan.endTime <= plan.startTime) throw invalidField('endTime', EventFieldCode.TimeNotAfterStart);
    let moduleTitles: LocalizedText | null = null;
    if (plan.moduleId !== null) {
      const module = await manager.findOneBy(CourseModule, { id: plan.moduleId, courseId: event.courseId });
      if (!module) throw invalidField('moduleId', EventFieldCode.ModuleNotInCourse);
      moduleTitles = module.titles;
    }
    const other = await this.repository.overlappingSession(
      manager,
      event.id,
      plan.date,
      plan.startTime,
      plan.endTime,
      exceptId,
    );
    if (other) {
      throw new AppException(HttpStatus.CONFLICT, EventsErrorCode.SessionOverlap, {
        date: plan.date,
        start: other.startTime,
        end: other.endTime,
      });
    }
    return moduleTitles;
  }
}
