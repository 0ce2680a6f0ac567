import { ErrorCode, FailedMailListSchema } from '@emporium/contracts';
import { NotFoundError } from '../../errors.js';
import { adminQueueRoutes } from '../../lib/admin-queue-routes.js';
import { listFailedMail, retryFailedMail } from './failed-mail.js';

/** Mail that failed for good, and sending one again. */
export const failedMailRoutes = adminQueueRoutes({
  listPath: '/mail/failed',
  retryPrefix: '/mail',
  listSummary: 'Mail the worker gave up on, with the last error, oldest first, by cursor (admin)',
  retrySummary: 'Queue a failed mail again with fresh attempts (admin)',
  listSchema: FailedMailListSchema,
  list: listFailedMail,
  retry: retryFailedMail,
  notFound: () => new NotFoundError(ErrorCode.MailNotFound, 'No such failed mail'),
});
