import { Injectable } from '@nestjs/common';

import type { AuthUser } from '@cascade/auth';
import type { Locale } from '@cascade/i18n';

import { localized } from '../courses/index.js';
import { EnrollmentsService } from '../events/index.js';
import { type Trainee, TraineesService } from '../trainees/index.js';
import {
  type AttendanceLine,
  type AuditRecord,
  type EnrolmentRecord,
  type MergeRecord,
  TraineeRecordsRepository,
} from './trainee-records.repository.js';

const AUDIT_ROWS = 50;

/** What a person is, told in words: so two people of one name can be told apart. */
export interface PersonFacts {
  profession: string;
  organizationId: string | null;
  regionCode: string | null;
  birthYear: number | null;
}

export interface PersonPlaces {
  organizationName: string | null;
  regionName: string | null;
}

export interface TraineeRecord {
  trainee: Trainee;
  places: PersonPlaces;
  enrolments: EnrolmentRecord[];
  merges: MergeRecord[];
  audit: AuditRecord[];
}

/**
 * A trainee's whole record (details, events, attendance, scores, certificates, merges, audit) and
 * an event's attendance summary. The trainees and enrolments services decide who may read them;
 * only then are the rows read.
 */
@Injectable()
export class TraineeRecordsService {
  constructor(
    private readonly trainees: TraineesService,
    private readonly enrollments: EnrollmentsService,
    private readonly repository: TraineeRecordsRepository,
  ) {}

  async record(user: AuthUser, traineeId: string, locale: Locale): Promise<TraineeRecord> {
    const trainee = await this.trainees.get(user, traineeId);
    const [places] = await this.places([trainee], locale);
    const [enrolments, merges, audit] = await Promise.all([
      this.repository.enrolments(trainee.id),
      this.repository.merges(trainee.id),
      this.repository.audit(trainee.id, AUDIT_ROWS),
    ]);
    return { trainee, places, enrolments, merges, audit };
  }

  /** The organisation and region of each person, by name in the locale (in the given order). */
  async places(people: readonly PersonFacts[], locale: Locale): Promise<PersonPlaces[]> {
    const { organizations, regions } = await this.repository.placeNames(
      [...new Set(people.map((p) => p.organizationId).filter((id): id is string => id !== null))],
      [...new Set(people.map((p) => p.regionCode).filter((code): code is string => code !== null))],
    );
    return people.map((person) => {
      const region = person.regionCode ? regions.get(person.regionCode) : undefined;
      return {
        organizationName: (person.organizationId && organizations.get(person.organizationId)) || null,
        regionName: region ? localized(region, locale) : null,
      };
    });
  }

  /** Who attended how many of the event's sessions: for officers and the event's own trainers. */
  async attendance(user: AuthUser, eventId: string): Promise<{ sessionIds: string[]; lines: AttendanceLine[] }> {
    // The roster's own check: officers of the country and the event's trainers, else 404/403.
    await this.enrollments.roster(user, eventId);
    return this.repository.attendance(eventId);
  }
}
