export enum TraineesErrorCode {
  /** A name or contact detail sent for a trainee whose consent was withdrawn. */
  ConsentWithdrawn = 'consent_withdrawn',
}
