import { ErrorCode, ParkedEventListSchema } from '@emporium/contracts';
import { NotFoundError } from '../../errors.js';
import { adminQueueRoutes } from '../../lib/admin-queue-routes.js';
import { listParkedEvents, retryParkedEvent } from './outbox-status.js';

/** Events the Kafka relay gave up on, and putting one back in line. */
export const parkedEventsRoutes = adminQueueRoutes({
  listPath: '/events/parked',
  retryPrefix: '/events',
  listSummary: 'Events the relay parked after repeated refusals, oldest first, by cursor (admin)',
  retrySummary: 'Put a parked event back in line with fresh attempts (admin)',
  listSchema: ParkedEventListSchema,
  list: listParkedEvents,
  retry: retryParkedEvent,
  notFound: () => new NotFoundError(ErrorCode.NotFound, 'No such parked event'),
});
