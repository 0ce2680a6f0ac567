import type { Db } from '../../db/client.js';
import { mailOutbox } from '../../db/schema/index.js';
import type { MailData, MailTemplate } from './mail.templates.js';

/**
 * Queues a mail inside the caller's transaction: it is sent only if that transaction
 * commits, and it survives a crash or an SMTP outage until the worker delivers it.
 */
export async function enqueueMail<T extends MailTemplate>(tx: Db, template: T, recipient: string, data: MailData<T>): Promise<void> {
  await tx.insert(mailOutbox).values({ template, recipient, data });
}
