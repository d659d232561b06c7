/**
 * Messages: e-mail to trainees through the outbox, one message per dedupe key.
 * The feature's public face: other features import from this file only, never its other files.
 */
export { DELIVERY_LEASE_SECONDS, MessageDelivery } from './message-delivery.js';
export { MessagesModule } from './messages.module.js';
export { MessagesProcessor } from './messages.processor.js';
export { MessagesService, type QueuedMessage } from './messages.service.js';
export { OUTBOX_PAGE_SIZE, OutboxService } from './outbox.service.js';
export {
  MESSAGE_STATUSES,
  MessageKind,
  MessageStatus,
  type OutboxMessage,
  type OutgoingMessage,
} from './outbox-message.js';
