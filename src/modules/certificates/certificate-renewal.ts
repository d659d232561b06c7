import type { EntityManager } from 'typeorm';

import { Certificate } from './certificate.entity.js';
import type { EventForCompletion } from './certificates.repository.js';

/**
 * A certificate of a refresher course renews the trainee's earlier certificates of the course it
 * refreshes, or of the refresher itself (taken again), that are neither revoked nor renewed
 * already: they are marked renewed by it, each saved through the entity so the audit log has it.
 * A course that refreshes nothing renews nothing.
 */
export async function renewEarlierCertificates(
  manager: EntityManager,
  event: EventForCompletion,
  traineeId: string,
  renewal: Certificate,
): Promise<number> {
  if (!event.refresherOfId) return 0;
  const earlier = await manager.query<{ id: string }[]>(
    `SELECT c.id
       FROM certificates c
       JOIN enrollments en ON en.id = c.enrollment_id
       JOIN training_events e ON e.id = en.event_id
      WHERE en.trainee_id = $1 AND e.course_id = ANY($2::uuid[]) AND c.id <> $3
        AND c.revoked_at IS NULL AND c.renewed_at IS NULL AND c.issued_at < $4
      FOR UPDATE OF c`,
    [traineeId, [event.refresherOfId, event.courseId], renewal.id, renewal.issuedAt],
  );
  for (const { id } of earlier) {
    const certificate = await manager.findOneByOrFail(Certificate, { id });
    Object.assign(certificate, { renewedAt: renewal.issuedAt, renewedById: renewal.id });
    await manager.save(certificate);
  }
  return earlier.length;
}

/** A renewing certificate revoked (a score corrected): the certificates it renewed count again. */
export async function restoreRenewedCertificates(manager: EntityManager, renewalId: string): Promise<void> {
  const renewed = await manager.findBy(Certificate, { renewedById: renewalId });
  for (const certificate of renewed) {
    Object.assign(certificate, { renewedAt: null, renewedById: null });
    await manager.save(certificate);
  }
}
