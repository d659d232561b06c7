import { Module } from '@nestjs/common';

import { MessagesModule } from '../../modules/messages/index.js';
import { WebLayoutModule } from '../layout/web-layout.module.js';
import { MessagesPagesController } from './messages-pages.controller.js';

/** The admins' outgoing messages pages. */
@Module({
  imports: [WebLayoutModule, MessagesModule],
  controllers: [MessagesPagesController],
})
export class MessagesPagesModule {}
