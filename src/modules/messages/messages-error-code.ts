/** The messages feature's error codes; each is a key under `errors.` in every locale. */
export enum MessagesErrorCode {
  MessageNotFound = 'message_not_found',
}
