export enum CertificatesErrorCode {
  EventNotCompleted = 'event_not_completed',
  CertificateAlreadyRevoked = 'certificate_already_revoked',
  CertificateNotFound = 'certificate_not_found',
  CertificateRevoked = 'certificate_revoked',
  SignatureImageInvalid = 'signature_image_invalid',
}
