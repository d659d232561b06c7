import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager, In, QueryFailedError } from 'typeorm';

import { assertCanAccess, type AuthUser, canSee, countryScope, inCountryScope, Permission, Role } from '@cascade/auth';
import { AppException, CommonErrorCode, invalidField, type Page, transliterate } from '@cascade/common';
import { type Locale, translate } from '@cascade/i18n';

import { Country } from '../countries/index.js';
import { Organization, Region, Sex } from '../reference/index.js';
import { User } from '../users/index.js';
import { CASCADE_DEPTH_LIMIT } from './cascade-walk.js';
import { CertificationRepository } from './certification/certification.repository.js';
import type { CertificationAt } from './certification/certification.types.js';
import type { CreateTrainerDto } from './dto/create-trainer.dto.js';
import type { ListTrainersQueryDto } from './dto/list-trainers-query.dto.js';
import type { CreateTrainerLinkDto } from './dto/trained-by.dto.js';
import type { UpdateTrainerDto } from './dto/update-trainer.dto.js';
import { Trainer, type TrainerLevel, TrainerStatus } from './trainer.entity.js';
import { TrainerLink } from './trainer-link.entity.js';
import { trainerResource } from './trainer-resource.js';
import { TrainersRepository } from './trainers.repository.js';
import { TrainersErrorCode } from './trainers-error-code.js';

/** A trainer with what GET /trainers/:id shows beside the record itself. */
export interface TrainerDetail {
  trainer: Trainer;
  /** Whether the trainer is certified today, by their country's requirements (see CertificationService). */
  certification: CertificationAt;
  /** Who trained this trainer; the name only when the caller may see that trainer. */
  trainedBy: { trainerId: string; name: string | null; eventId: string | null }[];
}

export interface Cascade {
  rootId: string;
  depthLimit: number;
  depthLimitReached: boolean;
  /** The tree; a trainer outside the caller's countries has no id, name or level (`outsideScope`). */
  nodes: {
    id: string | null;
    parentId: string | null;
    name: string | null;
    level: TrainerLevel | null;
    generation: number;
    outsideScope: boolean;
  }[];
  generations: { generation: number; trainers: number; traineesReached: number; certified: number }[];
  trainers: number;
  traineesReached: number;
  multiplier: number;
}

/** The unique constraint TypeORM gave trainers.user_id: one account, one trainer. */
const TRAINER_USER_KEY = 'REL_4dcc4888f0b9ac51441d771ad1';

const notFound = () => new AppException(HttpStatus.NOT_FOUND, CommonErrorCode.NotFound);

/** Derived Latin names are cut to the column's 200 characters (щ alone becomes four letters). */
const latinNameOf = (fullName: string) => transliterate(fullName).slice(0, 200).trim();

/**
 * Trainers: their records, the account they sign in with, who trained whom, and how far each
 * one's cascade reached. Certification is CertificationService's.
 */
@Injectable()
export class TrainersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: TrainersRepository,
    private readonly certification: CertificationRepository,
  ) {}

  list(user: AuthUser, query: ListTrainersQueryDto): Promise<Page<Trainer>> {
    return this.repository.list(user, query);
  }

  async get(user: AuthUser, id: string): Promise<TrainerDetail> {
    const manager = this.dataSource.manager;
    return this.detail(manager, user, await this.findVisible(manager, user, id, Permission.TrainersRead));
  }

  /** The trainer record linked to the caller's account. */
  async mine(user: AuthUser): Promise<TrainerDetail> {
    const manager = this.dataSource.manager;
    const trainer = await manager.findOneBy(Trainer, { userId: user.id });
    if (!trainer) throw new AppException(HttpStatus.NOT_FOUND, TrainersErrorCode.NoTrainerRecord);
    assertCanAccess(user, Permission.TrainersRead, trainerResource(trainer));
    return this.detail(manager, user, trainer);
  }

  async create(user: AuthUser, dto: CreateTrainerDto): Promise<TrainerDetail> {
    if (!inCountryScope(user, dto.countryCode)) throw invalidField('countryCode', 'country_out_of_scope');
    return this.dataSource.transaction(async (manager) => {
      if (!(await manager.existsBy(Country, { code: dto.countryCode }))) {
        throw invalidField('countryCode', 'unknown_country', { codes: dto.countryCode });
      }
      await this.assertPlaceInCountry(manager, dto, dto.countryCode);
      const trainer = await manager.save(
        manager.create(Trainer, {
          fullName: dto.fullName,
          latinName: dto.latinName ?? latinNameOf(dto.fullName),
          sex: dto.sex ?? Sex.NotRecorded,
          countryCode: dto.countryCode,
          regionCode: dto.regionCode ?? null,
          organizationId: dto.organizationId ?? null,
          level: dto.level,
          status: dto.status ?? TrainerStatus.Candidate,
          languages: dto.languages ?? [],
          userId: null,
        }),
      );
      return this.detail(manager, user, trainer);
    });
  }

  async update(user: AuthUser, id: string, dto: UpdateTrainerDto): Promise<TrainerDetail> {
    try {
      return await this.dataSource.transaction(async (manager) => {
        const trainer = await this.findVisible(manager, user, id, Permission.TrainersManage, true);
        if (dto.userId !== undefined && user.role !== Role.Admin) {
          throw new AppException(HttpStatus.FORBIDDEN, TrainersErrorCode.TrainerAccountAdminOnly);
        }
        await this.assertPlaceInCountry(manager, dto, trainer.countryCode);
        if (dto.userId !== undefined && dto.userId !== trainer.userId) {
          if (dto.userId !== null) await this.assertAccountFree(manager, dto.userId, trainer);
          trainer.userId = dto.userId;
        }
        if (dto.fullName !== undefined && dto.fullName !== trainer.fullName) {
          // A Latin name that was derived follows the new spelling; one typed in by hand stays.
          if (dto.latinName === undefined && trainer.latinName === latinNameOf(trainer.fullName)) {
            trainer.latinName = latinNameOf(dto.fullName);
          }
          trainer.fullName = dto.fullName;
        }
        if (dto.latinName !== undefined) trainer.latinName = dto.latinName;
        if (dto.sex !== undefined) trainer.sex = dto.sex;
        if (dto.regionCode !== undefined) trainer.regionCode = dto.regionCode;
        if (dto.organizationId !== undefined) trainer.organizationId = dto.organizationId;
        if (dto.level !== undefined) trainer.level = dto.level;
        if (dto.status !== undefined) trainer.status = dto.status;
        if (dto.languages !== undefined) trainer.languages = dto.languages;
        await manager.save(trainer);
        return this.detail(manager, user, trainer);
      });
    } catch (error) {
      // Another request linked the same account a moment earlier: the unique key caught it.
      if (dto.userId && isUniqueViolation(error, TRAINER_USER_KEY)) {
        const other = await this.dataSource.manager.findOneBy(Trainer, { userId: dto.userId });
        throw new AppException(HttpStatus.CONFLICT, TrainersErrorCode.TrainerAccountTaken, {
          name: other?.fullName ?? '',
        });
      }
      throw error;
    }
  }

  /** Records that `trainedById` trained the trainer `id`: both visible, no self-link, no loop. */
  async addTrainedBy(user: AuthUser, id: string, dto: CreateTrainerLinkDto, locale: Locale): Promise<TrainerDetail> {
    return this.dataSource.transaction(async (manager) => {
      await this.repository.lockLinks(manager);
      const trainer = await this.findVisible(manager, user, id, Permission.TrainersManage);
      if (dto.trainedById === trainer.id) throw invalidField('trainedById', 'trainer_link_self');
      const trainedBy = await manager.findOneBy(Trainer, { id: dto.trainedById });
      if (!trainedBy || !canSee(user, trainerResource(trainedBy))) {
        throw invalidField('trainedById', 'unknown_trainer');
      }
      await this.assertEventVisible(manager, user, dto.eventId);
      if (await manager.existsBy(TrainerLink, { trainerId: trainer.id, trainedById: trainedBy.id })) {
        throw new AppException(HttpStatus.CONFLICT, TrainersErrorCode.TrainerLinkExists);
      }
      const chain = await this.repository.trainingChain(manager, trainer.id, trainedBy.id);
      if (chain) {
        throw new AppException(HttpStatus.CONFLICT, TrainersErrorCode.TrainerLinkCycle, {
          cycle: await this.describeChain(manager, user, [...chain, trainer.id], locale),
        });
      }
      await manager.save(
        manager.create(TrainerLink, { trainerId: trainer.id, trainedById: trainedBy.id, eventId: dto.eventId ?? null }),
      );
      return this.detail(manager, user, trainer);
    });
  }

  async removeTrainedBy(user: AuthUser, id: string, trainedById: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await this.repository.lockLinks(manager);
      const trainer = await this.findVisible(manager, user, id, Permission.TrainersManage);
      const link = await manager.findOneBy(TrainerLink, { trainerId: trainer.id, trainedById });
      if (!link) throw notFound();
      await manager.remove(link);
    });
  }

  /** How far a trainer's work reached: see CascadeResponseDto for the definitions. */
  async cascade(user: AuthUser, id: string): Promise<Cascade> {
    const root = await this.findVisible(this.dataSource.manager, user, id, Permission.TrainersRead);
    // The walk stops at the caller's countries (admins: everywhere).
    const counts = await this.repository.cascade(root.id, countryScope(user));
    const trainers = counts.nodes.length;
    return {
      rootId: root.id,
      depthLimit: CASCADE_DEPTH_LIMIT,
      depthLimitReached: counts.depthLimitReached,
      nodes: [
        ...counts.nodes.map((node) => ({
          id: node.id,
          parentId: node.parentId,
          name: canSee(user, trainerResource(node)) ? node.fullName : null,
          level: node.level,
          generation: node.generation,
          outsideScope: false,
        })),
        ...counts.outside.map((node) => ({
          id: null,
          parentId: node.parentId,
          name: null,
          level: null,
          generation: node.generation,
          outsideScope: true,
        })),
      ].sort((a, b) => a.generation - b.generation),
      generations: counts.generations,
      trainers,
      traineesReached: counts.traineesReached,
      multiplier: Math.round((counts.traineesReached / trainers) * 100) / 100,
    };
  }

  /** The trainer, when the caller may act on it with `permission`; else 404, as if it did not exist. */
  private async findVisible(
    manager: EntityManager,
    user: AuthUser,
    id: string,
    permission: Permission,
    lock = false,
  ): Promise<Trainer> {
    // Locked for writes that read before they write (steps, the account), so two at once queue up.
    const trainer = await manager.findOne(Trainer, {
      where: { id },
      ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
    if (!trainer) throw notFound();
    assertCanAccess(user, permission, trainerResource(trainer));
    return trainer;
  }

  private async detail(manager: EntityManager, user: AuthUser, trainer: Trainer): Promise<TrainerDetail> {
    // One after the other: inside a transaction they share one connection.
    const today = new Date().toISOString().slice(0, 10);
    const certification = (await this.certification.at(manager, [trainer.id], today)).get(trainer.id);
    const links = await manager.find(TrainerLink, { where: { trainerId: trainer.id }, relations: { trainedBy: true } });
    const trainedBy = links
      .map((link) => ({
        trainerId: link.trainedById,
        name: canSee(user, trainerResource(link.trainedBy)) ? link.trainedBy.fullName : null,
        eventId: link.eventId,
      }))
      .sort((a, b) => (a.name ?? '\uffff').localeCompare(b.name ?? '\uffff'));
    return {
      trainer,
      certification: certification ?? {
        on: today,
        certified: false,
        requirementsMet: false,
        metOn: null,
        lastActiveOn: null,
        lapsesOn: null,
      },
      trainedBy,
    };
  }

  /** "A → B → C": each trained the next; a trainer the caller may not see is named as such. */
  private async describeChain(manager: EntityManager, user: AuthUser, ids: string[], locale: Locale) {
    const trainers = await manager.findBy(Trainer, { id: In(ids) });
    const byId = new Map(trainers.map((trainer) => [trainer.id, trainer]));
    return ids
      .map((id) => {
        const trainer = byId.get(id);
        return trainer && canSee(user, trainerResource(trainer))
          ? trainer.fullName
          : translate(locale, 'trainers.hidden_trainer');
      })
      .join(' → ');
  }

  private async assertPlaceInCountry(
    manager: EntityManager,
    place: { regionCode?: string | null; organizationId?: string | null },
    countryCode: string,
  ): Promise<void> {
    if (place.regionCode && !(await manager.existsBy(Region, { code: place.regionCode, countryCode }))) {
      throw invalidField('regionCode', 'region_not_in_country', { country: countryCode });
    }
    if (place.organizationId && !(await manager.existsBy(Organization, { id: place.organizationId, countryCode }))) {
      throw invalidField('organizationId', 'organization_not_in_country', { country: countryCode });
    }
  }

  private async assertEventVisible(manager: EntityManager, user: AuthUser, eventId: string | undefined) {
    if (eventId === undefined) return;
    // By table, not entity: events know their trainers, trainers never import events.
    const [event] = await manager.query<{ countryCode: string }[]>(
      'SELECT country_code AS "countryCode" FROM training_events WHERE id = $1',
      [eventId],
    );
    if (!event || !inCountryScope(user, event.countryCode)) throw invalidField('eventId', 'unknown_event');
  }

  /** The account exists, is a trainer's, works in the trainer's country, and no other trainer has it. */
  private async assertAccountFree(manager: EntityManager, userId: string, trainer: Trainer): Promise<void> {
    const account = await manager.findOneBy(User, { id: userId });
    if (!account) throw invalidField('userId', 'unknown_user');
    if (account.role !== Role.Trainer) throw invalidField('userId', 'user_not_trainer');
    if (!account.countries.includes(trainer.countryCode)) {
      throw invalidField('userId', 'account_country_mismatch', { country: trainer.countryCode });
    }
    const other = await manager.findOneBy(Trainer, { userId });
    if (other) {
      throw new AppException(HttpStatus.CONFLICT, TrainersErrorCode.TrainerAccountTaken, { name: other.fullName });
    }
  }
}

function isUniqueViolation(error: unknown, constraint: string): boolean {
  const driverError =
    error instanceof QueryFailedError ? (error.driverError as { code?: string; constraint?: string }) : undefined;
  return driverError?.code === '23505' && driverError.constraint === constraint;
}
