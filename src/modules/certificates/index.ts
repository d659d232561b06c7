/**
 * Certificates: completion runs and the certificates they issue.
 * The feature's public face: other features import from this file only, never its other files.
 */
export { CertificatesApiModule, CertificatesModule } from './certificates.module.js';
export { CertificatesService } from './certificates.service.js';
export { CompletionService } from './completion.service.js';
