import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager, In, type SelectQueryBuilder } from 'typeorm';

import { assertCanAccess, type AuthUser, countryScope, inCountryScope, Permission, Role } from '@cascade/auth';
import {
  AppException,
  applySort,
  CommonErrorCode,
  containsPattern,
  type FieldError,
  isLatinScript,
  type Page,
  pageOf,
  transliterate,
} from '@cascade/common';

import { Country } from '../countries/index.js';
import { Organization, Region } from '../reference/index.js';
import type { CreateTraineeDto } from './dto/create-trainee.dto.js';
import type { ListTraineesQueryDto } from './dto/list-trainees-query.dto.js';
import type { UpdateTraineeDto } from './dto/update-trainee.dto.js';
import { recordDistinctPairs } from './duplicates/distinct-pairs.js';
import { type DuplicateCandidate, DuplicateDetector } from './duplicates/duplicate-detector.service.js';
import { DuplicatesErrorCode } from './duplicates/duplicates-error-code.js';
import { nameKeyOf } from './duplicates/name-key.js';
import { TraineeMerge } from './duplicates/trainee-merge.entity.js';
import { type NameSearch, nameSearchOf, rankedPage, whereNameFound, whereNameWordsLike } from './name-search.js';
import { Trainee } from './trainee.entity.js';
import { TraineesErrorCode } from './trainees-error-code.js';

/** What withdrawing consent erases: everything that names or reaches the person. */
const ERASED_FIELDS = ['fullName', 'latinName', 'phone', 'email', 'birthYear'] as const;

/**
 * Trainees: the most sensitive records of the system (people who may face reprisals). Only
 * the minimum is kept, never shown to donors, and erased but for anonymous counts when the
 * trainee withdraws consent. No method here logs anything about a trainee.
 */
@Injectable()
export class TraineesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly duplicates: DuplicateDetector,
  ) {}

  /** Registers a trainee; `within` runs it in a caller's transaction (e.g. register, then enrol). */
  async create(user: AuthUser, dto: CreateTraineeDto, within?: EntityManager): Promise<Trainee> {
    const problems: FieldError[] = [];
    if (dto.consentGiven !== true) problems.push(problem('consentGiven', 'consent_required'));
    if (!inCountryScope(user, dto.countryCode)) problems.push(problem('countryCode', 'country_out_of_scope'));
    problems.push(...birthYearProblems(dto.birthYear), ...latinNameProblems(dto.latinName));
    throwIfAny(problems);

    const inTransaction = <T>(work: (manager: EntityManager) => Promise<T>) =>
      within ? work(within) : this.dataSource.transaction(work);
    return inTransaction(async (manager) => {
      if (!(await manager.existsBy(Country, { code: dto.countryCode }))) {
        throwIfAny([problem('countryCode', 'unknown_country', { codes: dto.countryCode })]);
      }
      throwIfAny(await placeProblems(manager, dto.countryCode, dto.organizationId, dto.regionCode));
      // The country's registry lock, as an import's commit takes it: two officers registering one
      // person at once are checked one after the other, so the second is told of the first.
      await manager.query(`SELECT pg_advisory_xact_lock(hashtext('trainee-registry'), hashtext($1))`, [
        dto.countryCode,
      ]);
      const candidates = await this.candidatesVisibleTo(manager, user, dto);
      if (candidates.length > 0 && dto.notDuplicate !== true) {
        throw new AppException(
          HttpStatus.CONFLICT,
          DuplicatesErrorCode.PossibleDuplicates,
          { count: candidates.length },
          [],
          {},
          { candidates: candidates.map(candidateBody) },
        );
      }
      const trainee = manager.create(Trainee, {
        fullName: dto.fullName,
        latinName: dto.latinName ?? latinNameFor(dto.fullName, dto.countryCode),
        sex: dto.sex,
        profession: dto.profession,
        organizationId: dto.organizationId ?? null,
        countryCode: dto.countryCode,
        regionCode: dto.regionCode ?? null,
        birthYear: dto.birthYear ?? null,
        phone: dto.phone ?? null,
        email: dto.email ?? null,
        preferredLanguage: dto.preferredLanguage ?? null,
        consentGivenAt: new Date(),
        consentRecordedById: user.id,
        consentWithdrawnAt: null,
        ...nameKeyColumns(dto.fullName),
      });
      const saved = await manager.save(trainee);
      // Confirmed a different person: the pairs shown are never proposed again.
      await recordDistinctPairs(
        manager,
        user.id,
        saved.id,
        candidates.map((candidate) => candidate.traineeId),
      );
      return saved;
    });
  }

  /**
   * The recorded trainees this one may duplicate, among those the caller may see: an officer
   * all of the country, a trainer only those of the events they teach (the others are left to
   * the officers' queue, so a registration never reveals who else is recorded).
   */
  private async candidatesVisibleTo(
    manager: EntityManager,
    user: AuthUser,
    dto: CreateTraineeDto,
  ): Promise<DuplicateCandidate[]> {
    const [candidates] = await this.duplicates.findCandidates(manager, [dto]);
    if (user.role !== Role.Trainer || candidates.length === 0) return candidates;
    const rows: { trainee_id: string }[] = await manager.query(
      `SELECT DISTINCT trainee_id FROM trainee_teachers WHERE trainee_id = ANY($1) AND trainer_user_id = $2`,
      [candidates.map((candidate) => candidate.traineeId), user.id],
    );
    const visible = new Set(rows.map((row) => row.trainee_id));
    return candidates.filter((candidate) => visible.has(candidate.traineeId));
  }

  /**
   * Officers see their countries' trainees; trainers only those enrolled in an event they
   * teach. Every filter, the scope included, is SQL: nothing is loaded to be dropped.
   */
  async list(user: AuthUser, query: ListTraineesQueryDto): Promise<Page<Trainee>> {
    assertCanAccess(user, Permission.TraineesRead, { personal: true });
    const builder = this.dataSource.getRepository(Trainee).createQueryBuilder('trainee');
    const scope = countryScope(user);
    if (scope !== null) builder.andWhere('trainee.countryCode = ANY(:scope)', { scope });
    if (user.role === Role.Trainer) {
      builder.andWhere(
        `EXISTS (SELECT 1 FROM trainee_teachers tt WHERE tt.trainee_id = trainee.id AND tt.trainer_user_id = :me)`,
        { me: user.id },
      );
    }
    if (query.country) builder.andWhere('trainee.countryCode = :country', { country: query.country });
    if (query.region) builder.andWhere('trainee.regionCode = :region', { region: query.region });
    if (query.organization)
      builder.andWhere('trainee.organizationId = :organization', { organization: query.organization });
    if (query.profession) builder.andWhere('trainee.profession = :profession', { profession: query.profession });
    if (query.sex) builder.andWhere('trainee.sex = :sex', { sex: query.sex });
    if (query.course) {
      builder.andWhere(
        `EXISTS (SELECT 1 FROM enrollments en JOIN training_events ev ON ev.id = en.event_id
                  WHERE en.trainee_id = trainee.id AND en.status <> 'withdrawn' AND ev.course_id = :course)`,
        { course: query.course },
      );
    }
    if (query.certified !== undefined) {
      builder.andWhere(
        `${query.certified ? '' : 'NOT '}EXISTS (SELECT 1 FROM enrollments en JOIN certificates c ON c.enrollment_id = en.id
                  WHERE en.trainee_id = trainee.id AND c.revoked_at IS NULL)`,
      );
    }
    // A trainee merged into another is retired: found by id (it names its survivor), not listed.
    builder.andWhere('trainee.mergedIntoId IS NULL');
    const search = query.search?.trim() ? nameKeyOf(query.search.trim()).key : null;
    if (query.search?.trim() && search === null) {
      // No letters to key (a number, punctuation): the name as typed.
      builder.andWhere('trainee.fullName ILIKE :name', { name: containsPattern(query.search.trim()) });
    } else if (search !== null) {
      const nameSearch = await nameSearchOf(this.dataSource, search);
      whereNameWordsLike(builder, 'trainee', nameSearch);
      // The likeliest first, unless another order is asked.
      if (query.sort === undefined) return this.listByRank(builder, nameSearch, query);
      whereNameFound(builder, 'trainee', nameSearch);
    }
    applySort(
      builder,
      query.sort,
      {
        name: 'trainee.fullName',
        latinName: 'trainee.latinName',
        profession: 'trainee.profession',
        createdAt: 'trainee.createdAt',
      },
      'name',
      'trainee.id',
    );
    const [items, total] = await builder.skip(query.offset).take(query.limit).getManyAndCount();
    return pageOf(items, total, query);
  }

  /** A page of a name search, likeliest first: the page's ids and the total in one statement, then its trainees. */
  private async listByRank(
    builder: SelectQueryBuilder<Trainee>,
    search: NameSearch,
    query: ListTraineesQueryDto,
  ): Promise<Page<Trainee>> {
    const { ids, total } = await rankedPage(builder, 'trainee', search, query);
    const found = ids.length > 0 ? await this.dataSource.getRepository(Trainee).findBy({ id: In(ids) }) : [];
    const byId = new Map(found.map((trainee) => [trainee.id, trainee]));
    const items = ids.map((id) => byId.get(id)).filter((trainee): trainee is Trainee => trainee !== undefined);
    return pageOf(items, total, query);
  }

  async get(user: AuthUser, id: string): Promise<Trainee> {
    const trainee = await this.dataSource.getRepository(Trainee).findOneBy({ id });
    if (!trainee) throw notFound();
    assertCanAccess(user, Permission.TraineesRead, {
      countryCode: trainee.countryCode,
      trainerUserIds: await trainerUserIdsOf(this.dataSource.manager, trainee.id),
      personal: true,
    });
    return trainee;
  }

  async update(user: AuthUser, id: string, dto: UpdateTraineeDto): Promise<Trainee> {
    return this.dataSource.transaction(async (manager) => {
      const trainee = await this.lockForChange(manager, user, id);
      if (trainee.mergedIntoId !== null) throw new AppException(HttpStatus.CONFLICT, DuplicatesErrorCode.TraineeMerged);
      if (trainee.consentWithdrawnAt !== null && ERASED_FIELDS.some((field) => dto[field] != null)) {
        throw new AppException(HttpStatus.CONFLICT, TraineesErrorCode.ConsentWithdrawn);
      }
      const countryCode = dto.countryCode ?? trainee.countryCode;
      const organizationId = dto.organizationId !== undefined ? dto.organizationId : trainee.organizationId;
      const regionCode = dto.regionCode !== undefined ? dto.regionCode : trainee.regionCode;
      const problems: FieldError[] = [];
      if (!inCountryScope(user, countryCode)) problems.push(problem('countryCode', 'country_out_of_scope'));
      problems.push(...birthYearProblems(dto.birthYear), ...latinNameProblems(dto.latinName));
      throwIfAny(problems);
      if (dto.countryCode !== undefined || dto.organizationId !== undefined || dto.regionCode !== undefined) {
        throwIfAny(await placeProblems(manager, countryCode, organizationId, regionCode));
      }

      if (dto.fullName !== undefined) {
        // A Latin name that was derived follows the name; one typed in (a passport's) stays.
        const derived = trainee.latinName === latinNameFor(trainee.fullName, trainee.countryCode);
        trainee.fullName = dto.fullName;
        if (derived && dto.latinName === undefined) trainee.latinName = latinNameFor(dto.fullName, countryCode);
      }
      if (dto.latinName !== undefined) trainee.latinName = dto.latinName ?? latinNameFor(trainee.fullName, countryCode);
      if (dto.sex !== undefined) trainee.sex = dto.sex;
      if (dto.profession !== undefined) trainee.profession = dto.profession;
      trainee.countryCode = countryCode;
      trainee.organizationId = organizationId;
      trainee.regionCode = regionCode;
      if (dto.birthYear !== undefined) trainee.birthYear = dto.birthYear;
      if (dto.phone !== undefined) trainee.phone = dto.phone;
      if (dto.email !== undefined) trainee.email = dto.email;
      if (dto.preferredLanguage !== undefined) trainee.preferredLanguage = dto.preferredLanguage;
      Object.assign(trainee, nameKeyColumns(trainee.fullName));
      return manager.save(trainee);
    });
  }

  /**
   * Erases the name, birth year and contact, in one transaction, and keeps the row: the
   * trainee's enrolments, attendance and scores still count, anonymously. The audit row names
   * the erased fields, never their values. A second call changes nothing and answers the same.
   */
  async withdrawConsent(user: AuthUser, id: string): Promise<Trainee> {
    return this.dataSource.transaction(async (manager) => {
      const trainee = await this.lockForChange(manager, user, id);
      if (trainee.consentWithdrawnAt !== null) return trainee;
      const erased = await erase(manager, trainee);
      await this.eraseMerged(manager, trainee.id);
      return erased;
    });
  }

  /**
   * The same person's records merged into this one, and the merge snapshots of the names it
   * had before, are erased with it: a withdrawal leaves no copy behind (and no undo).
   */
  private async eraseMerged(manager: EntityManager, survivorId: string): Promise<void> {
    const merges = await manager.find(TraineeMerge, { where: { survivorId } });
    for (const merge of merges) {
      if (merge.survivorBefore !== null) {
        merge.survivorBefore = null;
        await manager.save(merge);
      }
    }
    const retired = await manager.find(Trainee, { where: { mergedIntoId: survivorId } });
    for (const trainee of retired) {
      if (trainee.consentWithdrawnAt === null) await erase(manager, trainee);
      await this.eraseMerged(manager, trainee.id);
    }
  }

  /** The trainee, locked against a concurrent change (a withdrawal racing an edit), if in scope. */
  private async lockForChange(manager: EntityManager, user: AuthUser, id: string): Promise<Trainee> {
    const trainee = await manager.findOne(Trainee, { where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!trainee) throw notFound();
    assertCanAccess(user, Permission.TraineesManage, { countryCode: trainee.countryCode, personal: true });
    return trainee;
  }
}

/** Erases what names or reaches the person, in place. */
async function erase(manager: EntityManager, trainee: Trainee): Promise<Trainee> {
  for (const field of ERASED_FIELDS) trainee[field] = null;
  trainee.nameKey = null;
  trainee.patronymicKey = null;
  trainee.consentWithdrawnAt = new Date();
  return manager.save(trainee);
}

/** The duplicate-detection key columns for a name (null for none). */
export function nameKeyColumns(fullName: string | null): Pick<Trainee, 'nameKey' | 'patronymicKey'> {
  const { key, patronymic } = nameKeyOf(fullName);
  return { nameKey: key, patronymicKey: patronymic };
}

const candidateBody = (candidate: DuplicateCandidate) => ({
  traineeId: candidate.traineeId,
  fullName: candidate.fullName,
  latinName: candidate.latinName,
  score: candidate.score,
  matchingFields: candidate.matchingFields,
  conflictingFields: candidate.conflictingFields,
});

const notFound = () => new AppException(HttpStatus.NOT_FOUND, CommonErrorCode.NotFound);

const problem = (field: string, code: string, params: Record<string, string | number> = {}): FieldError => ({
  field,
  code,
  messageKey: `validation.${code}`,
  params,
});

function throwIfAny(problems: FieldError[]): void {
  if (problems.length > 0) {
    throw new AppException(HttpStatus.BAD_REQUEST, CommonErrorCode.ValidationFailed, {}, problems);
  }
}

/** The upper bound moves with the calendar, so it is checked here rather than in the DTO. */
function birthYearProblems(birthYear: number | null | undefined): FieldError[] {
  const max = new Date().getFullYear();
  return birthYear != null && birthYear > max ? [problem('birthYear', 'max', { max })] : [];
}

function latinNameProblems(latinName: string | null | undefined): FieldError[] {
  return latinName != null && !isLatinScript(latinName) ? [problem('latinName', 'latin_letters_only')] : [];
}

/**
 * The Latin name transliterated from the name, by Ukraine's national standard for Ukraine;
 * null when the name has letters no scheme here covers (it would not be a Latin name).
 */
export function latinNameFor(fullName: string | null, countryCode: string): string | null {
  if (fullName === null) return null;
  const latin = transliterate(fullName, countryCode === 'UA' ? 'ukrainian' : 'central_asian')
    .slice(0, 200)
    .trim();
  return latin.length >= 2 && isLatinScript(latin) ? latin : null;
}

async function placeProblems(
  manager: EntityManager,
  countryCode: string,
  organizationId: string | null | undefined,
  regionCode: string | null | undefined,
): Promise<FieldError[]> {
  const problems: FieldError[] = [];
  if (organizationId && !(await manager.existsBy(Organization, { id: organizationId, countryCode }))) {
    problems.push(problem('organizationId', 'organization_not_in_country', { country: countryCode }));
  }
  if (regionCode && !(await manager.existsBy(Region, { code: regionCode, countryCode }))) {
    problems.push(problem('regionCode', 'region_not_in_country', { country: countryCode }));
  }
  return problems;
}

/** The users of the trainers teaching an event the trainee is enrolled in. */
async function trainerUserIdsOf(manager: EntityManager, traineeId: string): Promise<string[]> {
  const rows = await manager.query<{ trainer_user_id: string }[]>(
    `SELECT DISTINCT trainer_user_id FROM trainee_teachers WHERE trainee_id = $1 AND trainer_user_id IS NOT NULL`,
    [traineeId],
  );
  return rows.map((row) => row.trainer_user_id);
}
