/**
 * Attendance: marks per session and pre/post test scores.
 * The feature's public face: other features import from this file only, never its other files.
 */
export { AssessmentsService } from './assessments.service.js';
export { AttendanceModule } from './attendance.module.js';
export { AttendanceService } from './attendance.service.js';
export { AttendanceStatus } from './attendance-mark.entity.js';
