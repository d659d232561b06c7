/**
 * Certificates: completion runs and the certificates they issue.
 * The feature's public face: other features import from this file only, never its other files.
 */
export { CertificateArchiveService } from './certificate-archive.service.js';
export { normalizeCertificateCode } from './certificate-code.js';
export { CertificateIssuersService, MAX_SIGNATURE_BYTES, type SignatureChange } from './certificate-issuers.service.js';
export { CertificateRegisterService, REGISTER_PAGE_SIZE } from './certificate-register.service.js';
export { CertificateRemindersService, REMINDER_DAYS, type ReminderRun } from './certificate-reminders.service.js';
export { CERTIFICATE_STATUSES, type CertificateStatus, certificateStatus } from './certificate-view.js';
export { CertificatesApiModule, CertificatesModule } from './certificates.module.js';
export { CertificatesService, type EventOutcomes } from './certificates.service.js';
export { CompletionService } from './completion.service.js';
export { CertificateResponseDto, RevokeCertificateDto } from './dto/certificate.dto.js';
export { CertificateIssuerDto, CertificateRegisterQueryDto } from './dto/certificate-register.dto.js';
export { ExpiringCertificatesQueryDto, EXPIRY_WINDOWS } from './dto/expiring-certificates.dto.js';
export {
  EXPIRING_PAGE_SIZE,
  type ExpiringCertificate,
  ExpiringCertificatesService,
} from './expiring-certificates.service.js';
