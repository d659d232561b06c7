import { Controller, Get, Param, ParseUUIDPipe, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';

import { type AuthUser, CurrentUser, Permission, RequirePermission } from '@cascade/auth';
import { AppException, CommonErrorCode, formatNumber, requestLocale } from '@cascade/common';
import { translate } from '@cascade/i18n';

import { CountriesService } from '../../modules/countries/countries.service.js';
import { CoursesService } from '../../modules/courses/courses.service.js';
import { CourseResponseDto } from '../../modules/courses/dto/course.response.dto.js';
import { ListCoursesQueryDto } from '../../modules/courses/dto/list-courses-query.dto.js';
import { ListEventsQueryDto } from '../../modules/events/dto/event.dto.js';
import { EventSummaryDto } from '../../modules/events/dto/event.response.dto.js';
import { EventsService } from '../../modules/events/events.service.js';
import { type ProgressRowDto } from '../../modules/reports/dto/progress.dto.js';
import { isCountIndicator } from '../../modules/reports/indicators.js';
import { reportDto } from '../../modules/reports/progress-view.js';
import { ReportsService } from '../../modules/reports/reports.service.js';
import { countryName, countryOptions } from '../layout/country-names.js';
import { PageRenderer } from '../layout/page-renderer.js';
import { WebExceptionFilter } from '../layout/web-exception.filter.js';
import type { PageRequest } from '../layout/web-session.js';
import { targetsChart } from '../reports/chart-view.js';
import { eventDates, today } from '../trainer/trainer-view.js';

const UPCOMING_EVENTS = 8;
const COURSES_PAGE = 50;

/**
 * The program officer's desk: a country's progress against this year's targets (the report of
 * GET /reports/progress, drawn on the server as an SVG chart with the numbers in a table), its
 * upcoming events, and the curriculum. Officers see their countries, admins every country.
 */
@ApiExcludeController()
@Controller('officer')
@UseFilters(WebExceptionFilter)
export class OfficerDashboardController {
  constructor(
    private readonly countries: CountriesService,
    private readonly reports: ReportsService,
    private readonly events: EventsService,
    private readonly courses: CoursesService,
    private readonly pages: PageRenderer,
  ) {}

  @Get()
  @RequirePermission(Permission.EventsManage)
  async dashboard(
    @CurrentUser() user: AuthUser,
    @Req() request: PageRequest,
    @Res() reply: FastifyReply,
    @Query('country') chosen?: string,
  ): Promise<void> {
    const locale = requestLocale(request);
    const countries = await this.countries.list(user);
    const country = chosen ? countries.find((c) => c.code === chosen) : countries[0];
    // A country out of scope reads as one that does not exist, as the API answers.
    if (chosen && !country) throw new AppException(404, CommonErrorCode.NotFound);
    const year = today().slice(0, 4);
    let progress: {
      rows: (ProgressRowDto & Record<'shown' | 'shownTarget' | 'shownPercent', string>)[];
      chart: string | null;
    } | null = null;
    let upcoming: (EventSummaryDto & { dates: string })[] = [];
    if (country) {
      const report = reportDto(
        await this.reports.progress(user, { country: country.code, from: `${year}-01-01`, to: `${year}-12-31` }),
        locale,
      );
      // Every number of the table in the page's language (never "74.9" beside "89,9").
      const show = (value: number | string | null) =>
        value === null ? '—' : typeof value === 'number' ? formatNumber(locale, value) : value;
      const rows = report.rows
        .filter((row) => row.total)
        .map((row) => ({
          ...row,
          shown: show(row.actual),
          shownTarget: show(row.target),
          shownPercent: show(row.percentAchieved),
        }));
      // Counts share a scale; means and rates stay in the table.
      const charted = rows
        .filter((row) => isCountIndicator(row.indicator))
        .map((row) => ({ label: row.indicatorLabel, actual: row.actual, target: row.target }));
      const chartTitle = translate(locale, 'web.officer.chart_title', {
        country: countryName(country, locale),
        year,
      });
      const chart = charted.length ? await targetsChart(locale, 'progress-chart', chartTitle, charted) : null;
      progress = { rows, chart: chart?.svg ?? null };
      const query = Object.assign(new ListEventsQueryDto(), {
        page: 1,
        limit: UPCOMING_EVENTS,
        country: country.code,
        from: today(),
        sort: 'startDate',
      });
      upcoming = (await this.events.list(user, query)).items.map((listing) => ({
        ...EventSummaryDto.from(listing, locale),
        dates: eventDates(locale, listing.event.startDate, listing.event.endDate),
      }));
    }
    void reply.send(
      await this.pages.render(request, reply, 'officer/dashboard', {
        titleKey: 'web.officer.dashboard_title',
        model: {
          countries: countryOptions(countries, locale),
          country: country ? { code: country.code, name: countryName(country, locale) } : null,
          year,
          progress,
          upcoming,
        },
      }),
    );
  }

  @Get('courses')
  @RequirePermission(Permission.EventsManage)
  async courseList(@Req() request: PageRequest, @Res() reply: FastifyReply): Promise<void> {
    const locale = requestLocale(request);
    const query = Object.assign(new ListCoursesQueryDto(), { page: 1, limit: COURSES_PAGE, sort: '-createdAt' });
    const page = await this.courses.list(query);
    const courses = page.items
      .map((course) => CourseResponseDto.from(course, course.modules ?? [], locale))
      .sort((a, b) => Number(b.active) - Number(a.active) || a.title.localeCompare(b.title, locale));
    void reply.send(
      await this.pages.render(request, reply, 'officer/courses', {
        titleKey: 'web.officer.courses_title',
        model: { courses, total: page.total },
      }),
    );
  }

  @Get('courses/:id')
  @RequirePermission(Permission.EventsManage)
  async course(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Req() request: PageRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const locale = requestLocale(request);
    const entity = await this.courses.get(id);
    const course = CourseResponseDto.from(entity, entity.modules ?? [], locale);
    // The course this one refreshes, by its title in the page's language.
    const refreshed = course.refresherOfId ? await this.courses.get(course.refresherOfId) : null;
    void reply.send(
      await this.pages.render(request, reply, 'officer/course', {
        titleKey: 'web.officer.course_title',
        titleParams: { title: course.title },
        model: {
          course,
          professions: course.targetProfessions.map((p) => translate(locale, `enums.profession.${p}`)),
          refreshed: refreshed ? CourseResponseDto.from(refreshed, [], locale) : null,
        },
      }),
    );
  }
}
