import { AssignerProtocol, Kafka, logLevel, type Admin } from 'kafkajs';
import { testBrokers, uniqueSuffix } from './test-service';

/**
 * Waits until consumer group `groupId` has committed, on every partition its members are assigned,
 * at least the end offset the partition had when this was called. A consumer commits an offset only
 * once the effect of its record committed, so by then everything on the log at the call has been
 * handled (or passed over) and nothing of it is still on its way.
 *
 * This is how a test knows an earlier event was consumed: not by sending a "later" event and waiting
 * for it, which under another key may land on another partition and be handled first.
 */
export async function waitForGroup(
  groupId: string,
  { brokers = testBrokers(), timeoutMs = 60_000 }: { brokers?: string[]; timeoutMs?: number } = {},
): Promise<void> {
  const kafka = new Kafka({ clientId: `offsets-${uniqueSuffix()}`, brokers, logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  const deadline = Date.now() + timeoutMs;
  try {
    const topics = await assignedTopics(admin, groupId, deadline);
    const ends = await Promise.all(
      topics.map(async (topic) => ({ topic, partitions: await admin.fetchTopicOffsets(topic) })),
    );
    for (;;) {
      const committed = await admin.fetchOffsets({ groupId, topics });
      const behind = ends.flatMap(({ topic, partitions }) =>
        partitions
          .filter(({ high, low }) => BigInt(high) > BigInt(low))
          .filter(({ partition, high }) => {
            const at =
              committed.find((c) => c.topic === topic)?.partitions.find((p) => p.partition === partition)?.offset ??
              '-1';
            return BigInt(at) < BigInt(high);
          })
          .map(({ partition, high }) => `${topic}/${partition} (end ${high})`),
      );
      if (!behind.length) return;
      if (Date.now() > deadline)
        throw new Error(
          `consumer group ${groupId} has not committed up to the end of ${behind.join(', ')} after ${timeoutMs} ms`,
        );
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  } finally {
    await admin.disconnect();
  }
}

/** The topics the group's members are assigned, once the group has members with assignments. */
async function assignedTopics(admin: Admin, groupId: string, deadline: number): Promise<string[]> {
  for (;;) {
    const { groups } = await admin.describeGroups([groupId]);
    const topics = new Set<string>();
    for (const member of groups[0]?.members ?? []) {
      const assignment = AssignerProtocol.MemberAssignment.decode(member.memberAssignment)?.assignment ?? {};
      for (const topic of Object.keys(assignment)) topics.add(topic);
    }
    if (topics.size) return [...topics].sort();
    if (Date.now() > deadline) throw new Error(`consumer group ${groupId} has no member with an assignment`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
