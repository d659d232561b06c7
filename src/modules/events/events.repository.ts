import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager, type SelectQueryBuilder } from 'typeorm';

import { applySort, containsPattern } from '@cascade/common';

import type { LocalizedText } from '../courses/index.js';
import type { ListEventsQueryDto } from './dto/event.dto.js';
import { EventTrainerRole } from './event-trainer.entity.js';
import { EventStatus, TrainingEvent } from './training-event.entity.js';

/** Who may see which events, as SQL conditions: the caller's countries, and for a trainer what they teach. */
export interface EventScope {
  countries: string[] | null;
  taughtBy: string | null;
}

/** Another booking of a trainer whose dates overlap the ones asked for. */
export interface BookingClash {
  trainerId: string;
  trainerName: string;
  eventId: string;
  venue: string;
  startDate: string;
  endDate: string;
  courseTitles: LocalizedText;
}

/** The only place that builds SQL over events, their trainers, sessions and enrollments. */
@Injectable()
export class EventsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** One page of events in scope, filtered in SQL, with their courses joined. */
  async page(scope: EventScope, query: ListEventsQueryDto): Promise<[TrainingEvent[], number]> {
    const builder = this.dataSource
      .getRepository(TrainingEvent)
      .createQueryBuilder('event')
      .innerJoinAndSelect('event.course', 'course');
    if (scope.countries !== null) builder.andWhere('event.country_code = ANY(:scope)', { scope: scope.countries });
    if (scope.taughtBy !== null) {
      builder.andWhere(
        `EXISTS (SELECT 1 FROM event_teachers et WHERE et.event_id = event.id AND et.trainer_user_id = :taughtBy)`,
        { taughtBy: scope.taughtBy },
      );
    }
    if (query.country) builder.andWhere('event.country_code = :country', { country: query.country });
    if (query.status) builder.andWhere('event.status = :status', { status: query.status });
    if (query.course) builder.andWhere('event.course_id = :course', { course: query.course });
    // Events that overlap the period: still running on `from`, started by `to`.
    if (query.from) builder.andWhere('event.end_date >= :from', { from: query.from });
    if (query.to) builder.andWhere('event.start_date <= :to', { to: query.to });
    if (query.search) {
      // The title in any of its languages, the venue, or a trainer teaching it.
      builder.andWhere(
        `(event.venue ILIKE :search OR EXISTS (SELECT 1 FROM jsonb_each_text(course.titles) t WHERE t.value ILIKE :search)
          OR EXISTS (SELECT 1 FROM event_teachers et WHERE et.event_id = event.id AND et.trainer_name ILIKE :search))`,
        { search: containsPattern(query.search) },
      );
    }
    if (query.sort === 'upcoming')
      // A course per event: no row is repeated, so a plain LIMIT pages right.
      return upcomingFirst(builder).offset(query.offset).limit(query.limit).getManyAndCount();
    return applySort(
      builder,
      query.sort,
      {
        startDate: 'event.start_date',
        endDate: 'event.end_date',
        status: 'event.status',
        createdAt: 'event.created_at',
      },
      'startDate',
      'event.id',
    )
      .skip(query.offset)
      .take(query.limit)
      .getManyAndCount();
  }

  /** Trainees holding a place (enrolled or completed) at each event; withdrawn ones free theirs. */
  async enrolledCounts(manager: EntityManager, eventIds: string[]): Promise<Map<string, number>> {
    if (eventIds.length === 0) return new Map();
    const rows = await manager.query<{ event_id: string; n: number }[]>(
      `SELECT event_id, count(*)::int AS n FROM enrollments
        WHERE event_id = ANY($1) AND status <> 'withdrawn' GROUP BY event_id`,
      [eventIds],
    );
    return new Map(rows.map((row) => [row.event_id, row.n]));
  }

  /** The accounts of the event's trainers: who, as a trainer, may see it. */
  async trainerUserIds(manager: EntityManager, eventId: string): Promise<string[]> {
    const rows = await manager.query<{ trainer_user_id: string }[]>(
      `SELECT trainer_user_id FROM event_teachers WHERE event_id = $1 AND trainer_user_id IS NOT NULL`,
      [eventId],
    );
    return rows.map((row) => row.trainer_user_id);
  }

  async trainers(
    manager: EntityManager,
    eventId: string,
  ): Promise<{ trainerId: string; fullName: string; role: EventTrainerRole }[]> {
    return manager.query(
      `SELECT trainer_id AS "trainerId", trainer_name AS "fullName", role
         FROM event_teachers
        WHERE event_id = $1
        ORDER BY (role = $2) DESC, trainer_name, trainer_id`,
      [eventId, EventTrainerRole.Lead],
    );
  }

  /**
   * The first booking of any of these trainers, on another event that is not cancelled, whose
   * dates overlap [start, end] (both days included).
   */
  async bookingClash(
    manager: EntityManager,
    trainerIds: string[],
    eventId: string,
    startDate: string,
    endDate: string,
  ): Promise<BookingClash | null> {
    if (trainerIds.length === 0) return null;
    const [clash] = await manager.query<BookingClash[]>(
      `SELECT et.trainer_id AS "trainerId", et.trainer_name AS "trainerName", e.id AS "eventId", e.venue,
              to_char(e.start_date, 'YYYY-MM-DD') AS "startDate", to_char(e.end_date, 'YYYY-MM-DD') AS "endDate",
              c.titles AS "courseTitles"
         FROM event_teachers et
         JOIN training_events e ON e.id = et.event_id
         JOIN courses c ON c.id = e.course_id
        WHERE et.trainer_id = ANY($1::uuid[])
          AND e.id <> $2
          AND e.status <> $3
          AND daterange(e.start_date, e.end_date, '[]') && daterange($4::date, $5::date, '[]')
        ORDER BY e.start_date, e.id
        LIMIT 1`,
      [trainerIds, eventId, EventStatus.Cancelled, startDate, endDate],
    );
    return clash ?? null;
  }

  /** Another session of the event on that date whose times overlap [start, end). */
  async overlappingSession(
    manager: EntityManager,
    eventId: string,
    date: string,
    startTime: string,
    endTime: string,
    exceptId: string | null,
  ): Promise<{ startTime: string; endTime: string } | null> {
    const [session] = await manager.query<{ startTime: string; endTime: string }[]>(
      `SELECT to_char(start_time, 'HH24:MI') AS "startTime", to_char(end_time, 'HH24:MI') AS "endTime"
         FROM training_sessions
        WHERE event_id = $1 AND date = $2::date AND start_time < $4::time AND end_time > $3::time
          AND ($5::uuid IS NULL OR id <> $5::uuid)
        ORDER BY start_time LIMIT 1`,
      [eventId, date, startTime, endTime, exceptId],
    );
    return session ?? null;
  }

  /** How many of the event's sessions fall before `startDate` and after `endDate`. */
  async sessionsOutside(
    manager: EntityManager,
    eventId: string,
    startDate: string,
    endDate: string,
  ): Promise<{ before: number; after: number }> {
    const [row] = await manager.query<{ before: number; after: number }[]>(
      `SELECT count(*) FILTER (WHERE date < $2::date)::int AS before, count(*) FILTER (WHERE date > $3::date)::int AS after
         FROM training_sessions WHERE event_id = $1`,
      [eventId, startDate, endDate],
    );
    return row;
  }

  /** Locks the event's row for the rest of the transaction: checks of capacity and overlaps then hold. */
  lockEvent(manager: EntityManager, id: string): Promise<TrainingEvent | null> {
    return manager.findOne(TrainingEvent, { where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  /**
   * Locks the trainers' rows, in one order so two bookings never wait on each other: two events
   * booking the same trainer at once then see each other's booking.
   */
  async lockTrainers(manager: EntityManager, trainerIds: string[]): Promise<void> {
    if (trainerIds.length === 0) return;
    await manager.query('SELECT id FROM trainers WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE', [trainerIds]);
  }
}

/**
 * Events not yet over first, the soonest at the top (a new event is on the first page), then
 * the ended ones, the most recent first.
 */
function upcomingFirst(builder: SelectQueryBuilder<TrainingEvent>): SelectQueryBuilder<TrainingEvent> {
  return builder
    .addSelect('(event.end_date >= CURRENT_DATE)', 'event_upcoming')
    .addSelect(
      `CASE WHEN event.end_date >= CURRENT_DATE THEN event.start_date - CURRENT_DATE ELSE CURRENT_DATE - event.end_date END`,
      'event_distance',
    )
    .orderBy('event_upcoming', 'DESC')
    .addOrderBy('event_distance', 'ASC')
    .addOrderBy('event.id', 'ASC');
}
