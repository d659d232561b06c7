import { Controller, Get, Inject, Param, ParseUUIDPipe, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';

import { Permission, RequirePermission } from '@cascade/auth';
import { formatDate, requestLocale } from '@cascade/common';
import { APP_CONFIG, type AppConfig } from '@cascade/config';
import { isLocale, type Locale, translate } from '@cascade/i18n';

import {
  MESSAGE_STATUSES,
  type MessageStatus,
  type OutboxMessage,
  OutboxService,
} from '../../modules/messages/index.js';
import { PageRenderer } from '../layout/page-renderer.js';
import { WebExceptionFilter } from '../layout/web-exception.filter.js';
import type { PageRequest } from '../layout/web-session.js';

/**
 * The admins' outbox: every e-mail written to trainees, newest first, filtered by status, and
 * one message's text with what the mail server answered.
 */
@ApiExcludeController()
@Controller('admin/messages')
@UseFilters(WebExceptionFilter)
export class MessagesPagesController {
  constructor(
    private readonly outbox: OutboxService,
    private readonly pages: PageRenderer,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  @RequirePermission(Permission.MessagesRead)
  async list(
    @Query() raw: Record<string, string | undefined>,
    @Req() request: PageRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const locale = requestLocale(request);
    // An unknown status or page reads as none: the filter is a list to choose from, not typed.
    const status = MESSAGE_STATUSES.find((known) => known === raw.status);
    const page = /^\d{1,6}$/.test(raw.page ?? '') ? Math.max(1, Number(raw.page)) : 1;
    const found = await this.outbox.list({ status, page });
    void reply.send(
      await this.pages.render(request, reply, 'messages/list', {
        titleKey: 'web.messages.title',
        model: {
          smtp: !!this.config.env.SMTP_URL,
          status: status ?? '',
          filters: new URLSearchParams(status ? { status } : {}).toString(),
          statuses: MESSAGE_STATUSES.map((value) => ({ value, label: statusLabel(locale, value) })),
          total: found.total,
          pageNumber: found.page,
          pages: found.pages,
          rows: found.rows.map((row) => shown(locale, row)),
        },
      }),
    );
  }

  @Get(':id')
  @RequirePermission(Permission.MessagesRead)
  async message(
    @Param('id', ParseUUIDPipe) id: string,
    @Req() request: PageRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const locale = requestLocale(request);
    const message = await this.outbox.message(id);
    void reply.send(
      await this.pages.render(request, reply, 'messages/message', {
        titleKey: 'web.messages.message_title',
        model: { message: shown(locale, message) },
      }),
    );
  }
}

const statusLabel = (locale: Locale, status: MessageStatus) => translate(locale, `enums.message_status.${status}`);

function shown(locale: Locale, message: OutboxMessage) {
  return {
    ...message,
    statusLabel: statusLabel(locale, message.status),
    kindLabel: translate(locale, `enums.message_kind.${message.kind}`),
    // A language by its own name, as the language switch shows it.
    languageLabel: isLocale(message.locale) ? translate(message.locale, 'web.language.name') : message.locale,
    written: `${formatDate(locale, new Date(message.createdAt))} ${new Date(message.createdAt).toISOString().slice(11, 16)} UTC`,
    sent: message.sentAt ? formatDate(locale, new Date(message.sentAt)) : null,
  };
}
