import { Module } from '@nestjs/common';

import { JobsModule } from '../../infrastructure/jobs/index.js';
import { MailTransport } from './mail-transport.js';
import { MessageDelivery } from './message-delivery.js';
import { MessagesService } from './messages.service.js';
import { OutboxService } from './outbox.service.js';

/**
 * E-mail to trainees: the outbox table, the send-message job's delivery (nodemailer over
 * SMTP_URL, else kept in the outbox), and the admins' reading of it. The worker adds
 * MessagesProcessor.
 */
@Module({
  imports: [JobsModule],
  providers: [MessagesService, MessageDelivery, MailTransport, OutboxService],
  exports: [MessagesService, MessageDelivery, OutboxService],
})
export class MessagesModule {}
