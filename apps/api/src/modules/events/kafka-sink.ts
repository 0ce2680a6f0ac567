import type { Producer } from 'kafkajs';
import type { DomainEventRow } from '../../db/schema/index.js';
import { toDomainEvent } from './audit-log.js';
import type { EventSink } from './event-relay.js';

/** `order` → `emporium.orders`: one topic per kind of subject. */
export function topicFor(subjectType: string): string {
  return `emporium.${subjectType}s`;
}

/** The Kafka message for an event: keyed by subject id, so one subject's events stay in one partition, in order. */
export function toKafkaMessage(e: DomainEventRow) {
  // The audit log's view of the event, less what only this database knows (its sequence, when it was relayed).
  const { sequence: _sequence, publishedAt: _publishedAt, ...event } = toDomainEvent(e);
  return {
    key: e.subjectId,
    value: JSON.stringify(event),
    headers: { 'event-type': e.type, 'event-version': String(e.version), 'event-id': e.id },
  };
}

/** The subset of a kafkajs producer the sink uses (tests pass a stand-in with the same behaviour). */
export type KafkaProducerLike = Pick<Producer, 'connect' | 'disconnect' | 'sendBatch'>;

export class KafkaSink implements EventSink {
  readonly name = 'kafka';
  private connected: Promise<void> | undefined;

  constructor(
    private readonly producer: KafkaProducerLike,
    private readonly checkCluster: () => Promise<void> = async () => {},
  ) {}

  /** kafkajs is loaded only when brokers are configured (it is not needed otherwise). */
  static async fromBrokers(brokers: string[]): Promise<KafkaSink> {
    const { Kafka, logLevel } = await import('kafkajs');
    const kafka = new Kafka({ clientId: 'emporium-api', brokers, logLevel: logLevel.NOTHING, retry: { retries: 3 } });
    // Idempotent producer with one request in flight keeps per-partition order across retries.
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: true });
    const admin = kafka.admin();
    return new KafkaSink(producer, async () => {
      await admin.connect();
      try {
        await admin.describeCluster();
      } finally {
        await admin.disconnect();
      }
    });
  }

  async publish(events: DomainEventRow[]): Promise<void> {
    this.connected ??= this.producer.connect().catch((err) => {
      this.connected = undefined;
      throw err;
    });
    await this.connected;
    const byTopic = new Map<string, ReturnType<typeof toKafkaMessage>[]>();
    for (const e of events) {
      const topic = topicFor(e.subjectType);
      byTopic.set(topic, [...(byTopic.get(topic) ?? []), toKafkaMessage(e)]);
    }
    await this.producer.sendBatch({ acks: -1, topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })) });
  }

  check(): Promise<void> {
    return this.checkCluster();
  }

  async close(): Promise<void> {
    if (this.connected) await this.producer.disconnect().catch(() => {});
  }
}
