import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';

import { assertCanAccess, type AuthUser, inCountryScope, Permission } from '@cascade/auth';
import { AppException, CommonErrorCode, invalidField, latestToday } from '@cascade/common';
import type { Locale } from '@cascade/i18n';

import { Country } from '../../countries/index.js';
import { Trainer } from '../trainer.entity.js';
import { trainerResource } from '../trainer-resource.js';
import { TrainersErrorCode } from '../trainers-error-code.js';
import { CertificationRepository, type RequirementRow } from './certification.repository.js';
import type { CertificationAt, ProgramView, TrainerCertification } from './certification.types.js';
import { CertificationProgram } from './certification-program.entity.js';
import { CertificationRequirement } from './certification-requirement.entity.js';
import type {
  ExtendDeadlineDto,
  RecordRefresherDto,
  SaveCertificationProgramDto,
  SetRequirementStateDto,
} from './dto/certification-input.dto.js';
import { TrainerRefresher } from './trainer-refresher.entity.js';
import { RequirementState, TrainerRequirement } from './trainer-requirement.entity.js';
import { RequirementChangeKind, TrainerRequirementChange } from './trainer-requirement-change.entity.js';

const notFound = () => new AppException(HttpStatus.NOT_FOUND, CommonErrorCode.NotFound);
const todayUtc = () => new Date().toISOString().slice(0, 10);

/**
 * Trainer certification as data: each country's requirement list and lapse rule, each trainer's
 * state per requirement with its deadline, extensions and history, and who is certified on a day.
 */
@Injectable()
export class CertificationService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: CertificationRepository,
  ) {}

  async program(user: AuthUser, countryCode: string): Promise<ProgramView> {
    if (!inCountryScope(user, countryCode)) throw notFound();
    return this.readProgram(this.dataSource.manager, countryCode);
  }

  /**
   * Replaces a country's list: requirements are matched by code (kept, with their trainers'
   * records), new codes added, codes left out removed — unless a trainer was evaluated on one (409:
   * make it optional instead). The order is the list's.
   */
  async saveProgram(
    user: AuthUser,
    countryCode: string,
    dto: SaveCertificationProgramDto,
    locale: Locale,
  ): Promise<ProgramView> {
    if (!inCountryScope(user, countryCode)) throw notFound();
    const seen = new Set<string>();
    dto.requirements.forEach((requirement, index) => {
      if (seen.has(requirement.code)) {
        throw invalidField(`requirements.${index}.code`, 'requirement_code_repeated', { code: requirement.code });
      }
      seen.add(requirement.code);
    });
    return this.dataSource.transaction(async (manager) => {
      if (!(await manager.existsBy(Country, { code: countryCode }))) throw notFound();
      // One writer a country at a time: the list is read, compared and rewritten.
      await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`certification_program:${countryCode}`]);
      const program =
        (await manager.findOneBy(CertificationProgram, { countryCode })) ??
        manager.create(CertificationProgram, { countryCode });
      program.lapseMonths = dto.lapseMonths ?? null;
      await manager.save(program);

      const existing = await manager.findBy(CertificationRequirement, { countryCode });
      const removed = existing.filter((requirement) => !seen.has(requirement.code));
      const inUse = new Set(await this.repository.codesInUse(manager, countryCode));
      const blocked = removed.find((requirement) => inUse.has(requirement.code));
      if (blocked) {
        throw new AppException(HttpStatus.CONFLICT, TrainersErrorCode.RequirementInUse, {
          title: blocked.titles[locale],
        });
      }
      if (removed.length > 0) await manager.remove(removed);
      for (const [index, input] of dto.requirements.entries()) {
        const requirement =
          existing.find((candidate) => candidate.code === input.code) ??
          manager.create(CertificationRequirement, { countryCode, code: input.code });
        requirement.titles = { ...input.titles };
        requirement.required = input.required;
        requirement.position = index + 1;
        requirement.deadlineDays = input.deadlineDays ?? null;
        await manager.save(requirement);
      }
      return this.readProgram(manager, countryCode);
    });
  }

  /** A trainer's requirements now, and whether they are certified on `on` (today when not given). */
  async forTrainer(user: AuthUser, trainerId: string, on?: string): Promise<TrainerCertification> {
    const manager = this.dataSource.manager;
    const trainer = await this.findTrainer(manager, user, trainerId, Permission.TrainersRead);
    return this.describe(manager, trainer, on ?? todayUtc());
  }

  /** Whether each trainer is certified on a day; for lists and the trainer's own record. */
  async certifiedOn(trainerIds: string[], on: string = todayUtc()): Promise<Map<string, CertificationAt>> {
    return this.repository.at(this.dataSource.manager, trainerIds, on);
  }

  /** Sets a requirement's state as the caller, from a day on; the change joins the history. */
  async setState(
    user: AuthUser,
    trainerId: string,
    code: string,
    dto: SetRequirementStateDto,
  ): Promise<TrainerCertification> {
    return this.dataSource.transaction(async (manager) => {
      const trainer = await this.findTrainer(manager, user, trainerId, Permission.TrainersManage);
      const row = await this.requirement(manager, trainer.id, code);
      if (dto.effectiveOn > latestToday()) throw invalidField('effectiveOn', 'date_in_future');
      await this.assertEventVisible(manager, user, dto.eventId);
      const record = await this.record(manager, user, trainer.id, row);
      record.state = dto.state;
      record.stateOn = dto.effectiveOn;
      record.note = dto.note || null;
      record.updatedById = user.id;
      await manager.save(record);
      await manager.save(
        manager.create(TrainerRequirementChange, {
          trainerRequirementId: record.id,
          kind: RequirementChangeKind.State,
          state: dto.state,
          effectiveOn: dto.effectiveOn,
          eventId: dto.eventId ?? null,
          note: dto.note || null,
          actorId: user.id,
        }),
      );
      return this.describe(manager, trainer, todayUtc());
    });
  }

  /** Moves a requirement's deadline later, with the reason; each extension is kept. */
  async extendDeadline(
    user: AuthUser,
    trainerId: string,
    code: string,
    dto: ExtendDeadlineDto,
  ): Promise<TrainerCertification> {
    return this.dataSource.transaction(async (manager) => {
      const trainer = await this.findTrainer(manager, user, trainerId, Permission.TrainersManage);
      const row = await this.requirement(manager, trainer.id, code);
      if (row.deadline !== null && dto.deadline <= row.deadline) {
        throw invalidField('deadline', 'deadline_not_later', { deadline: row.deadline });
      }
      const record = await this.record(manager, user, trainer.id, row);
      record.deadline = dto.deadline;
      record.updatedById = user.id;
      await manager.save(record);
      await manager.save(
        manager.create(TrainerRequirementChange, {
          trainerRequirementId: record.id,
          kind: RequirementChangeKind.Extension,
          previousDeadline: row.deadline,
          deadline: dto.deadline,
          note: dto.reason,
          actorId: user.id,
        }),
      );
      return this.describe(manager, trainer, todayUtc());
    });
  }

  /** A refresher the trainer took: it restarts the months to lapse. */
  async recordRefresher(user: AuthUser, trainerId: string, dto: RecordRefresherDto): Promise<TrainerCertification> {
    return this.dataSource.transaction(async (manager) => {
      const trainer = await this.findTrainer(manager, user, trainerId, Permission.TrainersManage);
      if (dto.completedOn > latestToday()) throw invalidField('completedOn', 'date_in_future');
      await this.assertEventVisible(manager, user, dto.eventId);
      await manager.save(
        manager.create(TrainerRefresher, {
          trainerId: trainer.id,
          completedOn: dto.completedOn,
          eventId: dto.eventId ?? null,
          note: dto.note || null,
          recordedById: user.id,
        }),
      );
      return this.describe(manager, trainer, todayUtc());
    });
  }

  private async readProgram(manager: EntityManager, countryCode: string): Promise<ProgramView> {
    const program = await manager.findOneBy(CertificationProgram, { countryCode });
    const requirements = await manager.find(CertificationRequirement, {
      where: { countryCode },
      order: { position: 'ASC' },
    });
    return {
      countryCode,
      exists: program !== null,
      lapseMonths: program?.lapseMonths ?? null,
      requirements: requirements.map(({ code, titles, required, position, deadlineDays }) => ({
        code,
        titles,
        required,
        position,
        deadlineDays,
      })),
    };
  }

  private async describe(manager: EntityManager, trainer: Trainer, on: string): Promise<TrainerCertification> {
    // One after the other: inside a transaction they share one connection.
    const rows = await this.repository.requirements(manager, trainer.id);
    const history = await this.repository.history(manager, trainer.id);
    const refreshers = await this.repository.refreshers(manager, trainer.id);
    const at = (await this.repository.at(manager, [trainer.id], on)).get(trainer.id);
    const program = await manager.findOneBy(CertificationProgram, { countryCode: trainer.countryCode });
    return {
      trainerId: trainer.id,
      countryCode: trainer.countryCode,
      lapseMonths: program?.lapseMonths ?? null,
      at: at ?? { on, certified: false, requirementsMet: false, metOn: null, lastActiveOn: null, lapsesOn: null },
      requirements: rows.map((row) => ({
        code: row.code,
        titles: row.titles,
        required: row.required,
        position: row.position,
        state: row.state ?? RequirementState.NotEvaluated,
        stateOn: row.stateOn,
        note: row.note,
        deadline: row.deadline,
        deadlineExtended: row.deadlineExtended,
        history: history.get(row.requirementId) ?? [],
      })),
      refreshers,
    };
  }

  /** The trainer, locked for the write, when the caller may act with `permission`; else 404 (403 for the role). */
  private async findTrainer(manager: EntityManager, user: AuthUser, id: string, permission: Permission) {
    const lock = permission === Permission.TrainersManage && manager.queryRunner?.isTransactionActive === true;
    const trainer = await manager.findOne(Trainer, {
      where: { id },
      ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
    if (!trainer) throw notFound();
    assertCanAccess(user, permission, trainerResource(trainer));
    return trainer;
  }

  private async requirement(manager: EntityManager, trainerId: string, code: string): Promise<RequirementRow> {
    const [row] = await this.repository.requirements(manager, trainerId, code);
    if (!row) throw notFound();
    return row;
  }

  /** The trainer's record of the requirement, made on its first write. */
  private async record(manager: EntityManager, user: AuthUser, trainerId: string, row: RequirementRow) {
    if (row.trainerRequirementId) {
      return manager.findOneByOrFail(TrainerRequirement, { id: row.trainerRequirementId });
    }
    return manager.create(TrainerRequirement, {
      trainerId,
      requirementId: row.requirementId,
      state: RequirementState.NotEvaluated,
      stateOn: null,
      deadline: null,
      note: null,
      updatedById: user.id,
    });
  }

  private async assertEventVisible(manager: EntityManager, user: AuthUser, eventId: string | undefined) {
    if (eventId === undefined) return;
    // By table: events know their trainers, trainers never import events.
    const [event] = await manager.query<{ countryCode: string }[]>(
      'SELECT country_code AS "countryCode" FROM training_events WHERE id = $1',
      [eventId],
    );
    if (!event || !inCountryScope(user, event.countryCode)) throw invalidField('eventId', 'unknown_event');
  }
}
