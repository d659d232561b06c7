import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';

import { type AuthUser, Permission } from '@cascade/auth';
import { AppException, CommonErrorCode, invalidField } from '@cascade/common';

import { type CreateTraineeDto, Trainee, TraineesService } from '../trainees/index.js';
import type { CreateEnrollmentDto, UpdateEnrollmentDto } from './dto/enrollment.dto.js';
import { Enrollment, EnrollmentStatus } from './enrollment.entity.js';
import { EventsRepository } from './events.repository.js';
import { assertOpen, EventsService } from './events.service.js';
import { EventFieldCode, EventsErrorCode } from './events-error-code.js';
import type { TrainingEvent } from './training-event.entity.js';

/** One line of a roster: the enrolment and the trainee's name (null once consent is withdrawn). */
export interface RosterLine {
  enrollment: Enrollment;
  fullName: string | null;
}

/**
 * Trainees' places at events: enrolling one of the event's country, up to its capacity, and
 * withdrawing. `completed` is set by the completion rules, never here.
 */
@Injectable()
export class EnrollmentsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly events: EventsService,
    private readonly repository: EventsRepository,
    private readonly trainees: TraineesService,
  ) {}

  /** The roster, for officers of the country and the event's own trainers. */
  async roster(user: AuthUser, eventId: string): Promise<RosterLine[]> {
    const manager = this.dataSource.manager;
    const event = await this.events.findForUser(manager, user, Permission.EnrollmentsRead, eventId, {
      personal: true,
    });
    const enrollments = await manager.find(Enrollment, {
      where: { eventId: event.id },
      relations: { trainee: true },
      order: { trainee: { fullName: { direction: 'ASC', nulls: 'LAST' } }, id: 'ASC' },
    });
    return enrollments.map((enrollment) => ({ enrollment, fullName: enrollment.trainee.fullName }));
  }

  async enroll(user: AuthUser, eventId: string, dto: CreateEnrollmentDto): Promise<RosterLine> {
    return this.dataSource.transaction((manager) => this.enrollIn(manager, user, eventId, dto.traineeId));
  }

  /**
   * Registers a new trainee and enrols them at the event, in one transaction: when the enrolment
   * is refused (the event is full, closed, …) nobody stays registered. The trainee is of the
   * event's country; the trainees service checks the registration (consent, duplicates, …).
   */
  async registerAndEnroll(user: AuthUser, eventId: string, dto: CreateTraineeDto): Promise<RosterLine> {
    return this.dataSource.transaction(async (manager) => {
      const event = await this.events.findForUser(manager, user, Permission.EnrollmentsManage, eventId, {
        lock: true,
      });
      assertOpen(event);
      const trainee = await this.trainees.create(user, { ...dto, countryCode: event.countryCode }, manager);
      return this.enrollIn(manager, user, eventId, trainee.id);
    });
  }

  private async enrollIn(
    manager: EntityManager,
    user: AuthUser,
    eventId: string,
    traineeId: string,
  ): Promise<RosterLine> {
    const event = await this.events.findForUser(manager, user, Permission.EnrollmentsManage, eventId, {
      lock: true,
    });
    assertOpen(event);
    const trainee = await manager.findOneBy(Trainee, { id: traineeId });
    // One answer for a trainee of another country and for one that does not exist.
    if (trainee?.countryCode !== event.countryCode) {
      throw invalidField('traineeId', EventFieldCode.TraineeNotInCountry, { country: event.countryCode });
    }
    if (trainee.consentWithdrawnAt) throw invalidField('traineeId', EventFieldCode.TraineeConsentWithdrawn);
    if (await manager.existsBy(Enrollment, { eventId: event.id, traineeId: trainee.id })) {
      throw new AppException(HttpStatus.CONFLICT, EventsErrorCode.AlreadyEnrolled);
    }
    await this.assertPlaceLeft(manager, event);
    const enrollment = await manager.save(
      manager.create(Enrollment, { eventId: event.id, traineeId: trainee.id, status: EnrollmentStatus.Enrolled }),
    );
    return { enrollment, fullName: trainee.fullName };
  }

  async update(user: AuthUser, eventId: string, enrollmentId: string, dto: UpdateEnrollmentDto): Promise<RosterLine> {
    return this.dataSource.transaction(async (manager) => {
      const event = await this.events.findForUser(manager, user, Permission.EnrollmentsManage, eventId, {
        lock: true,
      });
      assertOpen(event);
      const enrollment = await manager.findOneBy(Enrollment, { id: enrollmentId, eventId: event.id });
      if (!enrollment) throw new AppException(HttpStatus.NOT_FOUND, CommonErrorCode.NotFound);
      if (enrollment.status === EnrollmentStatus.Completed) {
        throw new AppException(HttpStatus.CONFLICT, EventsErrorCode.EnrollmentCompleted);
      }
      if (dto.status === EnrollmentStatus.Enrolled && enrollment.status === EnrollmentStatus.Withdrawn) {
        await this.assertPlaceLeft(manager, event);
      }
      enrollment.status = dto.status;
      enrollment.withdrawalReason = dto.status === EnrollmentStatus.Withdrawn ? (dto.reason ?? null) : null;
      await manager.save(enrollment);
      const trainee = await manager.findOneByOrFail(Trainee, { id: enrollment.traineeId });
      return { enrollment, fullName: trainee.fullName };
    });
  }

  /** Run with the event's row locked, so two last places cannot both be taken. */
  private async assertPlaceLeft(manager: EntityManager, event: TrainingEvent): Promise<void> {
    const taken = (await this.repository.enrolledCounts(manager, [event.id])).get(event.id) ?? 0;
    if (taken >= event.capacity) {
      throw new AppException(HttpStatus.CONFLICT, EventsErrorCode.EventFull, { count: event.capacity });
    }
  }
}
