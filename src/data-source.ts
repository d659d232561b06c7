import type { DataSourceOptions } from 'typeorm';

import { SnakeNamingStrategy } from '@cascade/database';

import { MIGRATIONS } from '../migrations/index.js';
import { Assessment } from './modules/attendance/assessment.entity.js';
import { AttendanceMark } from './modules/attendance/attendance-mark.entity.js';
import { IdempotencyRecord } from './modules/attendance/idempotency-record.entity.js';
import { AuditSubscriber } from './modules/audit/audit.subscriber.js';
import { AuditLogEntry } from './modules/audit/audit-log-entry.entity.js';
import { RateLimitCounter } from './modules/auth/rate-limit-counter.entity.js';
import { RefreshToken } from './modules/auth/refresh-token.entity.js';
import { SignInThrottle } from './modules/auth/sign-in-throttle.entity.js';
import { Certificate } from './modules/certificates/certificate.entity.js';
import { CertificateIssuer } from './modules/certificates/certificate-issuer.entity.js';
import { ReplacedCertificateCode } from './modules/certificates/replaced-certificate-code.entity.js';
import { Country } from './modules/countries/country.entity.js';
import { Course } from './modules/courses/course.entity.js';
import { CourseModule } from './modules/courses/course-module.entity.js';
import { Enrollment } from './modules/events/enrollment.entity.js';
import { EventTrainer } from './modules/events/event-trainer.entity.js';
import { TrainingEvent } from './modules/events/training-event.entity.js';
import { TrainingSession } from './modules/events/training-session.entity.js';
import { FeedbackAnswer } from './modules/feedback/feedback-answer.entity.js';
import { FeedbackLink } from './modules/feedback/feedback-link.entity.js';
import { FeedbackRating } from './modules/feedback/feedback-rating.entity.js';
import { FeedbackWindow } from './modules/feedback/feedback-window.entity.js';
import { RegistryImport } from './modules/imports/registry-import.entity.js';
import { Organization } from './modules/reference/organization.entity.js';
import { Region } from './modules/reference/region.entity.js';
import { CountryTarget } from './modules/reports/country-target.entity.js';
import { ReportExport } from './modules/reports/report-export.entity.js';
import { DistinctPair } from './modules/trainees/duplicates/distinct-pair.entity.js';
import { TraineeMerge } from './modules/trainees/duplicates/trainee-merge.entity.js';
import { Trainee } from './modules/trainees/trainee.entity.js';
import { CertificationProgram } from './modules/trainers/certification/certification-program.entity.js';
import { CertificationRequirement } from './modules/trainers/certification/certification-requirement.entity.js';
import { TrainerRefresher } from './modules/trainers/certification/trainer-refresher.entity.js';
import { TrainerRequirement } from './modules/trainers/certification/trainer-requirement.entity.js';
import { TrainerRequirementChange } from './modules/trainers/certification/trainer-requirement-change.entity.js';
import { Trainer } from './modules/trainers/trainer.entity.js';
import { TrainerLink } from './modules/trainers/trainer-link.entity.js';
import { Invitation } from './modules/users/invitation.entity.js';
import { User } from './modules/users/user.entity.js';

/** Every entity, listed rather than globbed so the app, the CLI and jest load the same set. */
export const ENTITIES = [
  AuditLogEntry,
  Country,
  Region,
  Organization,
  User,
  Invitation,
  RefreshToken,
  SignInThrottle,
  RateLimitCounter,
  Trainer,
  TrainerLink,
  CertificationProgram,
  CertificationRequirement,
  TrainerRequirement,
  TrainerRequirementChange,
  TrainerRefresher,
  Trainee,
  Course,
  CourseModule,
  TrainingEvent,
  EventTrainer,
  TrainingSession,
  Enrollment,
  AttendanceMark,
  IdempotencyRecord,
  Assessment,
  Certificate,
  CountryTarget,
  ReportExport,
  RegistryImport,
  DistinctPair,
  TraineeMerge,
  CertificateIssuer,
  ReplacedCertificateCode,
  FeedbackWindow,
  FeedbackLink,
  FeedbackAnswer,
  FeedbackRating,
];

/** The one DataSource definition: the app, the migration CLI and the tests all build from it. */
export function dataSourceOptions(url: string): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    subscribers: [AuditSubscriber],
    migrationsTableName: 'migrations',
    namingStrategy: new SnakeNamingStrategy(),
    synchronize: false,
    migrationsRun: false,
    applicationName: 'cascade',
    // gen_random_uuid() is built into PostgreSQL 13+; uuid-ossp would need an extension.
    uuidExtension: 'pgcrypto',
    // Extensions are created by migrations, never by the app at connect time.
    installExtensions: false,
    extra: { max: 10, connectionTimeoutMillis: 5_000 },
  };
}
