import { Controller, Get, HttpStatus, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';

import { type AuthUser, CurrentUser, Permission, RequirePermission } from '@cascade/auth';
import { requestLocale } from '@cascade/common';
import { translate } from '@cascade/i18n';

import { localized } from '../../modules/courses/index.js';
import { Profession } from '../../modules/reference/index.js';
import { TraineeRecordsService } from '../../modules/trainee-records/index.js';
import { ListTraineesQueryDto } from '../../modules/trainees/dto/list-trainees-query.dto.js';
import { TraineesService } from '../../modules/trainees/index.js';
import { type FormErrors, formRefusal } from '../layout/form-errors.js';
import { PageRenderer } from '../layout/page-renderer.js';
import { personSummary } from '../layout/person-summary.js';
import { WebExceptionFilter } from '../layout/web-exception.filter.js';
import { formDto, formFields } from '../layout/web-form.js';
import type { PageRequest } from '../layout/web-session.js';
import { TraineeChoices } from './trainee-choices.js';

const TRAINEES_PAGE = 25;
const FILTERS = ['search', 'country', 'region', 'profession', 'organization', 'course', 'certified', 'page'];

/**
 * The officer's trainees: the trainees service's own search (any spelling it finds) with filters
 * by place, profession, organisation, course and certificate, a page at a time; the filters stay
 * in the URL so a list can be bookmarked or sent.
 */
@ApiExcludeController()
@Controller('officer/trainees')
@UseFilters(WebExceptionFilter)
export class TraineeListController {
  constructor(
    private readonly trainees: TraineesService,
    private readonly records: TraineeRecordsService,
    private readonly choices: TraineeChoices,
    private readonly pages: PageRenderer,
  ) {}

  @Get()
  @RequirePermission(Permission.TraineesManage)
  async list(
    @CurrentUser() user: AuthUser,
    @Query() raw: Record<string, unknown>,
    @Req() request: PageRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const locale = requestLocale(request);
    const { values, typed } = formFields(raw, FILTERS, ['page']);
    let errors: FormErrors = {};
    let query: ListTraineesQueryDto;
    try {
      query = await formDto(ListTraineesQueryDto, { ...values, limit: TRAINEES_PAGE });
    } catch (error) {
      errors = formRefusal(error, locale).errors;
      query = Object.assign(new ListTraineesQueryDto(), { page: 1, limit: TRAINEES_PAGE });
    }
    const page = await this.trainees.list(user, query);
    const places = await this.records.places(page.items, locale);
    const trainees = page.items.map((trainee, index) => ({
      id: trainee.id,
      fullName: trainee.fullName,
      latinName: trainee.latinName,
      summary: personSummary(locale, trainee, places[index]),
    }));
    const filters = new URLSearchParams(Object.entries(typed).filter(([k, v]) => v !== '' && k !== 'page'));
    const pageUrl = (n: number) =>
      `/officer/trainees?${new URLSearchParams([...filters, ['page', String(n)]]).toString()}`;
    const pages = Math.max(1, Math.ceil(page.total / page.limit));
    void reply.send(
      await this.pages.render(request, reply, 'trainees/list', {
        titleKey: 'web.trainees.title',
        status: Object.keys(errors).length > 0 ? HttpStatus.BAD_REQUEST : undefined,
        model: {
          trainees,
          total: page.total,
          filters: typed,
          errors,
          countries: await this.choices.countries(user, locale),
          regions: await this.choices.regions(user, locale),
          organizations: await this.choices.organizations(user),
          courses: (await this.choices.courses()).map((c) => ({ value: c.id, label: localized(c.titles, locale) })),
          professions: Object.values(Profession).map((value) => ({
            value,
            label: translate(locale, `enums.profession.${value}`),
          })),
          certifiedOptions: ['true', 'false'].map((value) => ({
            value,
            label: translate(locale, `web.trainees.certified_${value}`),
          })),
          pager: {
            page: page.page,
            pages,
            previous: page.page > 1 ? pageUrl(page.page - 1) : null,
            next: page.page < pages ? pageUrl(page.page + 1) : null,
          },
        },
      }),
    );
  }
}
