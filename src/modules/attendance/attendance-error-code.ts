export enum AttendanceErrorCode {
  RecordingClosed = 'recording_closed',
  MarkIdReused = 'mark_id_reused',
  IdempotencyKeyReused = 'idempotency_key_reused',
}
