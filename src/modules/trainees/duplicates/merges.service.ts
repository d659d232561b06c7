import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';

import { assertCanAccess, type AuthUser, countryScope, Permission } from '@cascade/auth';
import { AppException, CommonErrorCode, type Page, pageOf, PageQueryDto } from '@cascade/common';
import { APP_CONFIG, type AppConfig } from '@cascade/config';

import { AuditAction, auditBulkWrite } from '../../audit/index.js';
import { Trainee } from '../trainee.entity.js';
import { MERGE_FIELDS, type MergeSide, type MergeTraineesDto } from './dto/merge-trainees.dto.js';
import { loadPair, validation } from './duplicates.service.js';
import { DuplicatesErrorCode } from './duplicates-error-code.js';
import { nameKeyOf } from './name-key.js';
import { type EventDecision, type MovedRows, type RemovedRows, TraineeMerge } from './trainee-merge.entity.js';

const DAY_MS = 86_400_000;

/** The tables holding a trainee's training records, and the key each is unique on besides the trainee. */
const RELATED = {
  enrollments: { table: 'enrollments', event: 'x.event_id' },
  assessments: { table: 'assessments', event: 'x.event_id' },
  attendanceMarks: {
    table: 'attendance_marks',
    event: '(SELECT s.event_id FROM training_sessions s WHERE s.id = x.session_id)',
  },
} as const;
type RelatedKind = keyof typeof RELATED;
const KINDS = Object.keys(RELATED) as RelatedKind[];
const AUDIT_TYPES: Record<RelatedKind, string> = {
  enrollments: 'enrollment',
  assessments: 'assessment',
  attendanceMarks: 'attendance_mark',
};

interface EnrollmentRank {
  event_id: string;
  trainee_id: string;
  status: string;
  valid_certificate: boolean;
  certificate: boolean;
  attended: number;
}

/**
 * Merging a duplicate trainee into the record that stays, and undoing it. Everything happens
 * in one transaction: the survivor takes the chosen values, the duplicate's enrollments (with
 * their certificates), attendance marks and scores move to it, and the duplicate is retired
 * (`mergedIntoId`), not deleted. Where both had a record for one event, the better is kept and
 * the other set aside in the merge record, which also holds what moved and the survivor's
 * values before, so that an undo within MERGE_UNDO_DAYS restores both exactly.
 */
@Injectable()
export class MergesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  get undoDays(): number {
    return this.config.env.MERGE_UNDO_DAYS;
  }

  async merge(user: AuthUser, dto: MergeTraineesDto): Promise<TraineeMerge> {
    if (dto.survivorId === dto.mergedId) {
      throw validation([{ field: 'mergedId', code: 'same_trainee', messageKey: 'validation.same_trainee' }]);
    }
    return this.dataSource.transaction(async (manager) => {
      const [survivor, merged] = await loadPair(manager, user, dto.survivorId, dto.mergedId, 'mergedId');
      if (survivor.consentWithdrawnAt !== null || merged.consentWithdrawnAt !== null) {
        throw new AppException(HttpStatus.CONFLICT, DuplicatesErrorCode.MergeConsentWithdrawn);
      }
      const decisions = await decideConflicts(manager, survivor.id, merged.id);
      const removed: RemovedRows = { enrollments: [], attendanceMarks: [], assessments: [] };
      const moved: MovedRows = { enrollments: [], attendanceMarks: [], assessments: [] };
      for (const kind of KINDS) {
        removed[kind] = await removeLosers(manager, kind, survivor.id, merged.id, decisions);
      }
      for (const kind of KINDS) {
        const { table } = RELATED[kind];
        const rows: [{ id: string }[], number] = await manager.query(
          `UPDATE ${table} SET trainee_id = $1 WHERE trainee_id = $2 RETURNING id`,
          [survivor.id, merged.id],
        );
        moved[kind] = rows[0].map((row) => row.id);
      }

      const survivorBefore: Record<string, unknown> = {};
      for (const field of MERGE_FIELDS) {
        const side: MergeSide = dto.values?.[field] ?? 'survivor';
        if (side === 'merged' && survivor[field] !== merged[field]) {
          survivorBefore[field] = survivor[field];
          (survivor as unknown as Record<string, unknown>)[field] = merged[field];
        }
      }
      Object.assign(survivor, keyColumns(survivor.fullName));
      await manager.save(survivor);
      merged.mergedIntoId = survivor.id;
      Object.assign(merged, { nameKey: null, patronymicKey: null });
      await manager.save(merged);

      const merge = await manager.save(
        manager.create(TraineeMerge, {
          survivorId: survivor.id,
          mergedId: merged.id,
          countryCode: survivor.countryCode,
          mergedById: user.id,
          survivorBefore,
          moved,
          removed,
          decisions,
          undoneAt: null,
          undoneById: null,
        }),
      );
      await auditRows(manager, merge.id, survivor.id, moved, removed, 'merge');
      return merge;
    });
  }

  /**
   * Puts both records back as they were: the moved rows return to the merged trainee, the rows
   * set aside come back, the survivor gets its values before, the merged trainee is active again.
   */
  async undo(user: AuthUser, id: string): Promise<TraineeMerge> {
    return this.dataSource.transaction(async (manager) => {
      const merge = await manager.findOne(TraineeMerge, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!merge) throw new AppException(HttpStatus.NOT_FOUND, CommonErrorCode.NotFound);
      assertCanAccess(user, Permission.DuplicatesReview, { countryCode: merge.countryCode, personal: true });
      if (merge.undoneAt !== null) throw new AppException(HttpStatus.CONFLICT, DuplicatesErrorCode.MergeAlreadyUndone);
      if (Date.now() > merge.mergedAt.getTime() + this.undoDays * DAY_MS) {
        throw new AppException(HttpStatus.CONFLICT, DuplicatesErrorCode.MergeUndoExpired, { count: this.undoDays });
      }
      const [survivor, merged] = await manager
        .find(Trainee, {
          where: [{ id: merge.survivorId }, { id: merge.mergedId }],
          order: { id: 'ASC' },
          lock: { mode: 'pessimistic_write' },
        })
        .then((rows) => [
          rows.find((row) => row.id === merge.survivorId) as Trainee,
          rows.find((row) => row.id === merge.mergedId) as Trainee,
        ]);
      if (merge.survivorBefore === null || survivor.consentWithdrawnAt !== null || merged.consentWithdrawnAt !== null) {
        throw new AppException(HttpStatus.CONFLICT, DuplicatesErrorCode.MergeConsentWithdrawn);
      }
      if (survivor.mergedIntoId !== null || merged.mergedIntoId !== survivor.id) {
        throw new AppException(HttpStatus.CONFLICT, DuplicatesErrorCode.MergeUndoBlocked);
      }
      for (const kind of KINDS) {
        await manager.query(
          `UPDATE ${RELATED[kind].table} SET trainee_id = $1 WHERE id = ANY($2) AND trainee_id = $3`,
          [merged.id, merge.moved[kind], survivor.id],
        );
      }
      // Enrollments first: the marks and scores set aside refer to their events and sessions only.
      for (const kind of KINDS) {
        if (merge.removed[kind].length === 0) continue;
        const { table } = RELATED[kind];
        // A slot taken since (a new enrollment of the survivor at that event) refuses the undo whole.
        await manager
          .query(`INSERT INTO ${table} SELECT * FROM jsonb_populate_recordset(NULL::${table}, $1::jsonb)`, [
            JSON.stringify(merge.removed[kind]),
          ])
          .catch((error: unknown) => {
            const driverError = (error as { driverError?: { code?: string } }).driverError;
            if (driverError?.code === '23505') {
              throw new AppException(HttpStatus.CONFLICT, DuplicatesErrorCode.MergeUndoBlocked);
            }
            throw error;
          });
      }
      Object.assign(
        survivor,
        merge.survivorBefore,
        keyColumns((merge.survivorBefore.fullName as string | undefined) ?? survivor.fullName),
      );
      await manager.save(survivor);
      merged.mergedIntoId = null;
      Object.assign(merged, keyColumns(merged.fullName));
      await manager.save(merged);
      merge.undoneAt = new Date();
      merge.undoneById = user.id;
      await manager.save(merge);
      await auditRows(manager, merge.id, merged.id, merge.moved, merge.removed, 'undo');
      return merge;
    });
  }

  async list(user: AuthUser, query: PageQueryDto): Promise<Page<TraineeMerge>> {
    assertCanAccess(user, Permission.DuplicatesReview, { personal: true });
    const builder = this.dataSource.getRepository(TraineeMerge).createQueryBuilder('merge');
    const scope = countryScope(user);
    if (scope !== null) builder.andWhere('merge.countryCode = ANY(:scope)', { scope });
    const [items, total] = await builder
      .orderBy('merge.mergedAt', 'DESC')
      .addOrderBy('merge.id')
      .skip(query.offset)
      .take(query.limit)
      .getManyAndCount();
    return pageOf(items, total, query);
  }
}

function keyColumns(fullName: string | null): Pick<Trainee, 'nameKey' | 'patronymicKey'> {
  const { key, patronymic } = nameKeyOf(fullName);
  return { nameKey: key, patronymicKey: patronymic };
}

/**
 * For each event both trainees have a record of (an enrollment, a score or a mark), whose to
 * keep: the enrollment with a valid certificate, else a completed one, else one not
 * withdrawn, else the one with more sessions attended; the survivor's on a tie.
 */
async function decideConflicts(manager: EntityManager, survivorId: string, mergedId: string): Promise<EventDecision[]> {
  const shared: { event_id: string }[] = await manager.query(
    `WITH records AS (
       SELECT event_id, trainee_id FROM enrollments WHERE trainee_id = ANY($1)
       UNION SELECT event_id, trainee_id FROM assessments WHERE trainee_id = ANY($1)
       UNION SELECT s.event_id, m.trainee_id FROM attendance_marks m JOIN training_sessions s ON s.id = m.session_id
              WHERE m.trainee_id = ANY($1))
     SELECT event_id FROM records GROUP BY event_id HAVING count(DISTINCT trainee_id) = 2 ORDER BY event_id`,
    [[survivorId, mergedId]],
  );
  if (shared.length === 0) return [];
  const ranks: EnrollmentRank[] = await manager.query(
    `SELECT e.event_id, e.trainee_id, e.status,
            coalesce(c.id IS NOT NULL AND c.revoked_at IS NULL, false) AS valid_certificate,
            c.id IS NOT NULL AS certificate,
            (SELECT count(*)::int FROM attendance_marks m JOIN training_sessions s ON s.id = m.session_id
              WHERE s.event_id = e.event_id AND m.trainee_id = e.trainee_id AND m.status IN ('present', 'late')) AS attended
       FROM enrollments e LEFT JOIN certificates c ON c.enrollment_id = e.id
      WHERE e.trainee_id = ANY($1) AND e.event_id = ANY($2)`,
    [[survivorId, mergedId], shared.map((row) => row.event_id)],
  );
  return shared.map(({ event_id: eventId }) => {
    const of = (traineeId: string) => ranks.find((rank) => rank.event_id === eventId && rank.trainee_id === traineeId);
    const survivor = of(survivorId);
    const merged = of(mergedId);
    if (survivor?.certificate && merged?.certificate) {
      throw new AppException(HttpStatus.CONFLICT, DuplicatesErrorCode.MergeBothCertified, { event: eventId });
    }
    const criteria: [EventDecision['reason'], (rank: EnrollmentRank | undefined) => number][] = [
      ['certificate', (rank) => (rank?.certificate ? 1 : 0)],
      ['completed', (rank) => (rank?.status === 'completed' ? 1 : 0)],
      ['enrolled', (rank) => (rank !== undefined && rank.status !== 'withdrawn' ? 1 : 0)],
      ['more_attendance', (rank) => rank?.attended ?? 0],
    ];
    for (const [reason, value] of criteria) {
      const difference = value(survivor) - value(merged);
      if (difference !== 0) return { eventId, kept: difference > 0 ? 'survivor' : 'merged', reason };
    }
    return { eventId, kept: 'survivor', reason: 'survivor_by_default' };
  });
}

/**
 * Deletes, and returns whole, the losing side's rows of the given kind that collide with the
 * winning side's (same event, or same session for marks); the winner's rows stay.
 */
async function removeLosers(
  manager: EntityManager,
  kind: RelatedKind,
  survivorId: string,
  mergedId: string,
  decisions: EventDecision[],
): Promise<Record<string, unknown>[]> {
  if (decisions.length === 0) return [];
  const { table, event } = RELATED[kind];
  const sameSlot = kind === 'attendanceMarks' ? 'w.session_id = x.session_id' : 'w.event_id = x.event_id';
  const losers = decisions.map((decision) => (decision.kept === 'survivor' ? mergedId : survivorId));
  const winners = decisions.map((decision) => (decision.kept === 'survivor' ? survivorId : mergedId));
  const rows: [{ row: Record<string, unknown> }[], number] = await manager.query(
    `WITH decision AS (SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[]) AS d(event_id, loser, winner))
     DELETE FROM ${table} x USING decision d
      WHERE x.trainee_id = d.loser AND ${event} = d.event_id
        AND EXISTS (SELECT 1 FROM ${table} w WHERE w.trainee_id = d.winner AND ${sameSlot})
     RETURNING to_jsonb(x.*) AS row`,
    [decisions.map((decision) => decision.eventId), losers, winners],
  );
  return rows[0].map((row) => row.row);
}

/** One audit row per kind of record moved or set aside (bulk writes the subscriber does not see). */
async function auditRows(
  manager: EntityManager,
  mergeId: string,
  traineeId: string,
  moved: MovedRows,
  removed: RemovedRows,
  step: 'merge' | 'undo',
): Promise<void> {
  const queryRunner = manager.queryRunner;
  if (!queryRunner) return;
  for (const kind of KINDS) {
    if (moved[kind].length > 0) {
      await auditBulkWrite(queryRunner, {
        action: AuditAction.Update,
        entityType: AUDIT_TYPES[kind],
        entityId: mergeId,
        changedFields: ['traineeId'],
        values: { traineeId, ids: moved[kind], step },
      });
    }
    if (removed[kind].length > 0) {
      await auditBulkWrite(queryRunner, {
        action: step === 'merge' ? AuditAction.Delete : AuditAction.Create,
        entityType: AUDIT_TYPES[kind],
        entityId: mergeId,
        changedFields: [],
        values: { ids: removed[kind].map((row) => row.id), step },
      });
    }
  }
}
