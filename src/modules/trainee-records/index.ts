/**
 * Trainee records: a trainee's whole record across events, an event's attendance summary, and
 * the names that tell people apart (organisation, region).
 * The feature's public face: other features import from this file only, never its other files.
 */
export { TraineeRecordsModule } from './trainee-records.module.js';
export type { AttendanceLine, AuditRecord, EnrolmentRecord, MergeRecord } from './trainee-records.repository.js';
export {
  type PersonFacts,
  type PersonPlaces,
  type TraineeRecord,
  TraineeRecordsService,
} from './trainee-records.service.js';
