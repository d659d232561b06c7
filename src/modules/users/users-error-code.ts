export enum UsersErrorCode {
  EmailTaken = 'email_taken',
  CannotChangeOwnAccess = 'cannot_change_own_access',
  InvitationInvalid = 'invitation_invalid',
}
