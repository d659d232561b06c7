import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager, In } from 'typeorm';

import {
  AppException,
  applySort,
  CommonErrorCode,
  containsPattern,
  invalidField,
  type Page,
  pageOf,
} from '@cascade/common';

import { Course, type LocalizedText } from './course.entity.js';
import { CourseModule } from './course-module.entity.js';
import { CourseFieldCode } from './courses-error-code.js';
import type { CourseModuleInputDto, CreateCourseDto } from './dto/create-course.dto.js';
import type { ListCoursesQueryDto } from './dto/list-courses-query.dto.js';
import type { UpdateCourseDto } from './dto/update-course.dto.js';
import { compactText } from './localized-text.js';

/**
 * The curriculum: courses with their ordered modules and pass rules. Courses are global (one
 * curriculum for every country), so there is no country scope to check here: the route's
 * permission is the whole rule.
 */
@Injectable()
export class CoursesService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async list(query: ListCoursesQueryDto): Promise<Page<Course>> {
    const builder = this.dataSource.getRepository(Course).createQueryBuilder('course');
    if (query.active !== undefined) builder.andWhere('course.active = :active', { active: query.active });
    if (query.profession) {
      builder.andWhere('CAST(:profession AS profession) = ANY(course.target_professions)', {
        profession: query.profession,
      });
    }
    if (query.search) {
      builder.andWhere('EXISTS (SELECT 1 FROM jsonb_each_text(course.titles) t WHERE t.value ILIKE :search)', {
        search: containsPattern(query.search),
      });
    }
    const [items, total] = await applySort(
      builder,
      query.sort,
      { createdAt: 'course.created_at', updatedAt: 'course.updated_at' },
      '-createdAt',
      'course.id',
    )
      .skip(query.offset)
      .take(query.limit)
      .getManyAndCount();
    await this.attachModules(this.dataSource.manager, items);
    return pageOf(items, total, query);
  }

  async get(id: string): Promise<Course> {
    return this.load(this.dataSource.manager, id);
  }

  async create(dto: CreateCourseDto): Promise<Course> {
    const titles = requiredTitles(dto.titles, 'titles');
    const modules = moduleTexts(dto.modules);
    dto.modules.forEach((module, index) => {
      // A new course has no modules to keep.
      if (module.id !== undefined) throw invalidField(`modules.${index}.id`, CourseFieldCode.UnknownModule);
    });
    return this.dataSource.transaction(async (manager) => {
      const course = await manager.save(
        manager.create(Course, {
          titles,
          descriptions: compactText(dto.descriptions),
          targetProfessions: [...new Set(dto.targetProfessions ?? [])],
          minAttendancePercent: dto.minAttendancePercent ?? 80,
          minPostScore: dto.minPostScore === undefined ? 70 : dto.minPostScore,
          certificateValidityMonths: dto.certificateValidityMonths ?? null,
          refresherOfId: await this.refreshedCourse(manager, dto.refresherOfId, null),
          active: true,
        }),
      );
      for (const [index, module] of modules.entries()) {
        await manager.save(manager.create(CourseModule, { courseId: course.id, position: index + 1, ...module }));
      }
      return this.load(manager, course.id);
    });
  }

  async update(id: string, dto: UpdateCourseDto): Promise<Course> {
    const titles = dto.titles !== undefined ? requiredTitles(dto.titles, 'titles') : undefined;
    const modules = dto.modules !== undefined ? moduleTexts(dto.modules) : undefined;
    return this.dataSource.transaction(async (manager) => {
      const course = await manager.findOne(Course, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!course) throw new AppException(HttpStatus.NOT_FOUND, CommonErrorCode.NotFound);
      if (titles) course.titles = titles;
      if (dto.descriptions !== undefined) course.descriptions = compactText(dto.descriptions);
      if (dto.targetProfessions !== undefined) course.targetProfessions = [...new Set(dto.targetProfessions)];
      if (dto.minAttendancePercent !== undefined) course.minAttendancePercent = dto.minAttendancePercent;
      if (dto.minPostScore !== undefined) course.minPostScore = dto.minPostScore;
      if (dto.certificateValidityMonths !== undefined) course.certificateValidityMonths = dto.certificateValidityMonths;
      if (dto.active !== undefined) course.active = dto.active;
      if (dto.refresherOfId !== undefined) {
        course.refresherOfId = await this.refreshedCourse(manager, dto.refresherOfId, course.id);
      }
      await manager.save(course);
      if (modules && dto.modules) await this.replaceModules(manager, course.id, dto.modules, modules);
      return this.load(manager, course.id);
    });
  }

  /** The course a refresher renews: another course that exists, else a 400 on the field. */
  private async refreshedCourse(
    manager: EntityManager,
    refresherOfId: string | null | undefined,
    ownId: string | null,
  ): Promise<string | null> {
    if (!refresherOfId) return null;
    if (refresherOfId === ownId || !(await manager.existsBy(Course, { id: refresherOfId }))) {
      throw invalidField('refresherOfId', CourseFieldCode.UnknownRefreshedCourse);
    }
    return refresherOfId;
  }

  /**
   * Keeps the modules the list names by id (sessions point to them), adds the new ones and
   * removes the rest; positions follow the list. The position key is checked at commit.
   */
  private async replaceModules(
    manager: EntityManager,
    courseId: string,
    items: CourseModuleInputDto[],
    texts: { titles: LocalizedText; hours: number }[],
  ): Promise<void> {
    const existing = new Map((await manager.findBy(CourseModule, { courseId })).map((m) => [m.id, m]));
    const named = new Set<string>();
    items.forEach((item, index) => {
      if (item.id === undefined) return;
      if (!existing.has(item.id) || named.has(item.id)) {
        throw invalidField(`modules.${index}.id`, CourseFieldCode.UnknownModule);
      }
      named.add(item.id);
    });
    const dropped = [...existing.values()].filter((module) => !named.has(module.id));
    if (dropped.length > 0) await manager.remove(dropped);
    for (const [index, item] of items.entries()) {
      const module = item.id ? (existing.get(item.id) as CourseModule) : manager.create(CourseModule, { courseId });
      module.position = index + 1;
      module.titles = texts[index].titles;
      module.hours = texts[index].hours;
      await manager.save(module);
    }
  }

  private async load(manager: EntityManager, id: string): Promise<Course> {
    const course = await manager.findOneBy(Course, { id });
    if (!course) throw new AppException(HttpStatus.NOT_FOUND, CommonErrorCode.NotFound);
    await this.attachModules(manager, [course]);
    return course;
  }

  /** One query for the modules of every course on a page. */
  private async attachModules(manager: EntityManager, courses: Course[]): Promise<void> {
    if (courses.length === 0) return;
    const modules = await manager.find(CourseModule, {
      where: { courseId: In(courses.map((c) => c.id)) },
      order: { position: 'ASC' },
    });
    for (const course of courses) course.modules = modules.filter((m) => m.courseId === course.id);
  }
}

/** The non-blank texts; a 400 on `field` when no language has one. */
function requiredTitles(text: LocalizedText | null | undefined, field: string): LocalizedText {
  const titles = compactText(text ?? undefined);
  if (Object.keys(titles).length === 0) throw invalidField(field, CourseFieldCode.TitleRequired);
  return titles;
}

function moduleTexts(modules: CourseModuleInputDto[]): { titles: LocalizedText; hours: number }[] {
  return modules.map((module, index) => ({
    titles: requiredTitles(module.titles, `modules.${index}.titles`),
    hours: module.hours,
  }));
}
