/**
 * Audit: the audit log, the @Audited decorator and the bulk writer.
 * The feature's public face: other features import from this file only, never its other files.
 */
export { AuditModule } from './audit.module.js';
export { AuditService } from './audit.service.js';
export { AuditAction } from './audit-log-entry.entity.js';
export { auditBulkWrite } from './audit-writer.js';
export { Audited } from './audited.decorator.js';
