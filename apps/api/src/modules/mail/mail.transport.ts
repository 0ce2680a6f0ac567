import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { SendMailOptions, Transporter } from 'nodemailer';
import type { RenderedMail } from './mail.templates.js';

export interface OutgoingMail extends RenderedMail {
  to: string;
}

export interface MailTransport {
  readonly description: string;
  send(mail: OutgoingMail): Promise<void>;
  close(): void;
}

/**
 * A nodemailer transporter made on the first mail: nodemailer is a large module, and an API
 * process that never sends (or not yet) should not pay for loading it at start.
 */
function lazyTransporter(options: string | Record<string, unknown>) {
  let transporter: Promise<Transporter> | undefined;
  return {
    async sendMail(message: SendMailOptions) {
      transporter ??= import('nodemailer').then(({ default: nodemailer }) => nodemailer.createTransport(options));
      return (await transporter).sendMail(message);
    },
    close() {
      void transporter?.then((t) => t.close());
    },
  };
}

/**
 * nodemailer's defaults let one exchange hang for up to 10 minutes (socketTimeout), longer than
 * the mail worker's claim lease: another worker could then claim and send the mail again.
 * These bound a send well inside the lease (see MailWorker's LEASE_SECONDS).
 */
export const SMTP_TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 };

/**
 * Mail through the SMTP server at `url`, over a pool of up to five kept-open connections (each
 * reopened after 100 mails), so a mail costs its MAIL, RCPT and DATA exchanges, not a new
 * connection, greeting, EHLO (and STARTTLS and AUTH) each: one connection per mail delivered
 * ~9 mails/s to a local smtp-server, whose greeting alone takes ~120 ms, as a greet pause in
 * front of a real relay does. The URL can set nodemailer's pool options
 * (`?maxConnections=10`, `?pool=false`).
 */
export function smtpTransport(url: string, from: string): MailTransport {
  const transporter = lazyTransporter({ url, pool: true, ...SMTP_TIMEOUTS });
  return {
    description: 'SMTP',
    async send(mail) {
      await transporter.sendMail({ from, to: mail.to, subject: mail.subject, text: mail.text, html: mail.html });
    },
    close: () => transporter.close(),
  };
}

/** Development: each mail becomes an .eml file in `dir`, and `onWrite` is told where. */
export function fileTransport(dir: string, from: string, onWrite: (file: string, mail: OutgoingMail) => void): MailTransport {
  const transporter = lazyTransporter({ streamTransport: true, buffer: true, newline: 'unix' });
  return {
    description: `files in ${dir}`,
    async send(mail) {
      const info = await transporter.sendMail({ from, to: mail.to, subject: mail.subject, text: mail.text, html: mail.html });
      const file = join(dir, `${new Date().toISOString().replace(/[:.]/g, '-')}-${info.messageId.replace(/[^a-zA-Z0-9.-]/g, '')}.eml`);
      // The directory is made when a write finds it missing (the first mail, or after it was
      // removed), not before every mail: a checkout burst writes hundreds a second.
      await writeFile(file, info.message as Buffer).catch(async (err: NodeJS.ErrnoException) => {
        if (err.code !== 'ENOENT') throw err;
        await mkdir(dir, { recursive: true });
        await writeFile(file, info.message as Buffer);
      });
      onWrite(file, mail);
    },
    close: () => transporter.close(),
  };
}
