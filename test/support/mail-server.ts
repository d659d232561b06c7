import type { AddressInfo } from 'node:net';

import { SMTPServer } from 'smtp-server';

/** A message the test's mail server accepted, decoded as a mail program would show it. */
export interface ReceivedMail {
  from: string;
  to: string[];
  subject: string;
  text: string;
  raw: string;
}

export interface TestMailServer {
  url: string;
  received: ReceivedMail[];
  /** Waits until `count` messages went to `address` (30 s at most) and gives them. */
  receivedBy(address: string, count?: number): Promise<ReceivedMail[]>;
  close(): Promise<void>;
}

/**
 * A real SMTP server on a free local port (the `smtp-server` package), no TLS and no sign-in.
 * A recipient whose address starts with `refused` is refused with 550 (mailbox unavailable);
 * one starting with `busy` is turned away with 451 (try later) the first time, accepted after; a
 * message to one starting with `hold` is taken whole and recorded, but never answered (the sender
 * waits for the server's "250 OK", as when a worker is killed mid-send).
 */
export async function startTestMailServer(): Promise<TestMailServer> {
  const received: ReceivedMail[] = [];
  const turnedAway = new Set<string>();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onRcptTo(address, _session, callback) {
      const to = address.address;
      if (to.startsWith('refused')) return callback(refusal(550, 'Requested action not taken: mailbox unavailable'));
      if (to.startsWith('busy') && !turnedAway.has(to)) {
        turnedAway.add(to);
        return callback(refusal(451, 'Requested action aborted: try again later'));
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
          ...decodeMail(raw),
          raw,
        });
        if (!session.envelope.rcptTo.some((rcpt) => rcpt.address.startsWith('hold'))) callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    async receivedBy(address, count = 1) {
      for (let attempt = 0; attempt < 300; attempt++) {
        const mails = received.filter((mail) => mail.to.includes(address));
        if (mails.length >= count) return mails;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      throw new Error(`${count} message(s) to ${address} did not arrive in 30 s`);
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function refusal(code: number, text: string): Error {
  return Object.assign(new Error(text), { responseCode: code });
}

/** The subject (RFC 2047 words) and the plain text body (quoted-printable, base64 or as is). */
function decodeMail(raw: string): { subject: string; text: string } {
  const split = raw.indexOf('\r\n\r\n');
  const head = raw.slice(0, split).replace(/\r\n[ \t]+/g, ' ');
  const body = raw.slice(split + 4);
  const header = (name: string) => new RegExp(`^${name}:\\s*(.*)$`, 'im').exec(head)?.[1] ?? '';
  const subject = header('Subject')
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?utf-8\?([BQ])\?([^?]*)\?=/gi, (_, encoding: string, word: string) =>
      encoding.toUpperCase() === 'B'
        ? Buffer.from(word, 'base64').toString('utf8')
        : decodeQuotedPrintable(word.replace(/_/g, ' ')),
    );
  const encoding = header('Content-Transfer-Encoding').toLowerCase();
  const text =
    encoding === 'base64'
      ? Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8')
      : encoding === 'quoted-printable'
        ? decodeQuotedPrintable(body)
        : body;
  return { subject, text: text.replace(/\r\n/g, '\n').trimEnd() };
}

function decodeQuotedPrintable(text: string): string {
  const bytes = text.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (_, hex: string) => `%${hex}`);
  return decodeURIComponent(bytes.replace(/%(?![0-9A-F]{2})/gi, '%25'));
}
