export enum DuplicatesErrorCode {
  /** POST /trainees: the trainee may already be recorded; the answer lists the candidates. */
  PossibleDuplicates = 'possible_duplicates',
  /** A trainee merged into another cannot be changed, merged or marked again. */
  TraineeMerged = 'trainee_merged',
  /** Both trainees hold a certificate for the same event: a merge would have to destroy one. */
  MergeBothCertified = 'merge_both_certified',
  /** A merge can be undone once. */
  MergeAlreadyUndone = 'merge_already_undone',
  /** The undo window (MERGE_UNDO_DAYS) has passed. */
  MergeUndoExpired = 'merge_undo_expired',
  /** The survivor was merged again, or a record it would restore has been taken since. */
  MergeUndoBlocked = 'merge_undo_blocked',
  /** A trainee of the pair withdrew consent: nothing personal may be moved or restored. */
  MergeConsentWithdrawn = 'merge_consent_withdrawn',
}
