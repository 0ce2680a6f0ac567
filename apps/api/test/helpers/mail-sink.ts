import type { AddressInfo } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  to: string;
  subject: string;
  text: string;
  html: string;
}

/** A real SMTP server on a random local port that keeps every message it receives. */
export class MailSink {
  readonly messages: ReceivedMail[] = [];
  private waiters: Array<() => void> = [];
  private server: SMTPServer;
  /** When set, the server refuses mail with this SMTP error (simulates an outage). */
  refuseWith: string | undefined;
  /** Connections accepted so far, and the most that were open at once. */
  connections = 0;
  maxOpen = 0;
  private open = 0;

  constructor() {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onConnect: (_session, callback) => {
        this.connections++;
        this.maxOpen = Math.max(this.maxOpen, ++this.open);
        callback();
      },
      onClose: () => {
        this.open--;
      },
      onData: (stream, _session, callback) => {
        if (this.refuseWith) {
          stream.resume();
          stream.on('end', () => callback(Object.assign(new Error(this.refuseWith), { responseCode: 451 })));
          return;
        }
        simpleParser(stream)
          .then((mail: ParsedMail) => {
            const to = Array.isArray(mail.to) ? mail.to.map((a) => a.text).join(', ') : (mail.to?.text ?? '');
            this.messages.push({
              to,
              subject: mail.subject ?? '',
              text: mail.text ?? '',
              html: typeof mail.html === 'string' ? mail.html : '',
            });
            for (const wake of this.waiters.splice(0)) wake();
            callback();
          })
          .catch(callback);
      },
    });
  }

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    const { port } = this.server.server.address() as AddressInfo;
    return `smtp://127.0.0.1:${port}`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** Waits (up to `timeoutMs`) for a message to `to` whose subject matches. */
  async waitFor(to: string, subject: RegExp, timeoutMs = 10_000): Promise<ReceivedMail> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.messages.find((m) => m.to.includes(to) && subject.test(m.subject));
      if (found) return found;
      const remaining = deadline - Date.now();
      if (remaining <= 0) throw new Error(`no mail to ${to} matching ${subject} within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, remaining);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  count(to: string, subject: RegExp): number {
    return this.messages.filter((m) => m.to.includes(to) && subject.test(m.subject)).length;
  }
}

/** The token in the first link of a mail, e.g. `…/verify-email?token=XYZ`. */
export function tokenFromMail(mail: ReceivedMail, page: 'verify-email' | 'reset-password'): string {
  const match = new RegExp(`/${page}\\?token=([A-Za-z0-9_%-]+)`).exec(mail.text);
  if (!match?.[1]) throw new Error(`no ${page} link in mail: ${mail.text}`);
  return decodeURIComponent(match[1]);
}
