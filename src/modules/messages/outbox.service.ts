import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

import { AppException } from '@cascade/common';

import { MessagesErrorCode } from './messages-error-code.js';
import { type MessageStatus, OUTBOX_COLUMNS, type OutboxMessage } from './outbox-message.js';

export const OUTBOX_PAGE_SIZE = 50;

/** The outbox as admins read it: every message, newest first, by status. */
@Injectable()
export class OutboxService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async list(filter: { status?: MessageStatus; page?: number }) {
    const page = Math.max(1, filter.page ?? 1);
    const where = 'WHERE ($1::outbox_message_status IS NULL OR status = $1)';
    const [{ total }] = await this.dataSource.query<{ total: number }[]>(
      `SELECT count(*)::int AS total FROM outbox_messages ${where}`,
      [filter.status ?? null],
    );
    const rows = await this.dataSource.query<OutboxMessage[]>(
      `SELECT ${OUTBOX_COLUMNS} FROM outbox_messages ${where}
        ORDER BY created_at DESC, id LIMIT ${OUTBOX_PAGE_SIZE} OFFSET $2`,
      [filter.status ?? null, (page - 1) * OUTBOX_PAGE_SIZE],
    );
    return { total, page, pages: Math.max(1, Math.ceil(total / OUTBOX_PAGE_SIZE)), rows };
  }

  async message(id: string): Promise<OutboxMessage> {
    const [row] = await this.dataSource.query<OutboxMessage[]>(
      `SELECT ${OUTBOX_COLUMNS} FROM outbox_messages WHERE id = $1`,
      [id],
    );
    if (!row) throw new AppException(HttpStatus.NOT_FOUND, MessagesErrorCode.MessageNotFound);
    return row;
  }
}
