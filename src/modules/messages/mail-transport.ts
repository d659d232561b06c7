import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { createTransport, type Transporter } from 'nodemailer';

import { APP_CONFIG, type AppConfig } from '@cascade/config';

export interface MailToSend {
  to: string;
  subject: string;
  text: string;
  /** The same for every try of one message, so a receiving server can tell a repeat. */
  messageId: string;
}

/** What a mail server's refusal says; `permanent` for a 5xx reply, which no retry will change. */
export interface MailRefusal {
  permanent: boolean;
  reason: string;
}

/**
 * nodemailer over SMTP_URL, opened on first use and closed with the process. Without SMTP_URL
 * there is no transport: messages stay in the outbox.
 */
@Injectable()
export class MailTransport implements OnModuleDestroy {
  private transporter: Transporter | null = null;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  get configured(): boolean {
    return !!this.config.env.SMTP_URL;
  }

  async send(mail: MailToSend): Promise<void> {
    // Short timeouts keep one try well inside the delivery lease (message-delivery.ts).
    this.transporter ??= createTransport(
      { url: this.config.env.SMTP_URL, connectionTimeout: 20_000, greetingTimeout: 10_000, socketTimeout: 30_000 },
      { from: this.config.env.MAIL_FROM },
    );
    await this.transporter.sendMail(mail);
  }

  onModuleDestroy(): void {
    this.transporter?.close();
  }
}

/** A nodemailer error as a refusal: a reply code from 500 to 599 is permanent, anything else may pass later. */
export function mailRefusal(error: unknown): MailRefusal {
  const { responseCode, response, message } = error as { responseCode?: number; response?: string; message?: string };
  const permanent = typeof responseCode === 'number' && responseCode >= 500 && responseCode < 600;
  const reason = (response ?? message ?? String(error)).replace(/\s+/g, ' ').trim();
  return {
    permanent,
    reason: (responseCode && !reason.startsWith(String(responseCode)) ? `${responseCode} ` : '') + reason,
  };
}
