import { Controller, Get, HttpStatus, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';

import { type AuthUser, CurrentUser, Permission, RequirePermission } from '@cascade/auth';
import { AppException, CommonErrorCode, formatDate, requestLocale } from '@cascade/common';
import { translate } from '@cascade/i18n';

import {
  CERTIFICATE_STATUSES,
  CertificateRegisterQueryDto,
  CertificateRegisterService,
} from '../../modules/certificates/index.js';
import { CountriesService } from '../../modules/countries/index.js';
import { ListCoursesQueryDto } from '../../modules/courses/dto/list-courses-query.dto.js';
import { CoursesService } from '../../modules/courses/index.js';
import { countryOptions } from '../layout/country-names.js';
import { PageRenderer } from '../layout/page-renderer.js';
import { WebExceptionFilter } from '../layout/web-exception.filter.js';
import { formDto } from '../layout/web-form.js';
import type { PageRequest } from '../layout/web-session.js';
import { eventDates } from '../trainer/trainer-view.js';

const COURSE_CHOICES = 100;
const FORMATS = ['csv', 'xlsx'] as const;

/**
 * A country's certificates for its officers, filtered by course, year of issue and status (the
 * filters kept in the URL), paged, with CSV and XLSX exports of what the filters keep.
 */
@ApiExcludeController()
@Controller('officer/certificate-register')
@UseFilters(WebExceptionFilter)
export class CertificateRegisterController {
  constructor(
    private readonly register: CertificateRegisterService,
    private readonly countries: CountriesService,
    private readonly courses: CoursesService,
    private readonly pages: PageRenderer,
  ) {}

  @Get()
  @RequirePermission(Permission.CertificatesManage)
  async list(
    @CurrentUser() user: AuthUser,
    @Query() raw: Record<string, string | undefined>,
    @Req() request: PageRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const locale = requestLocale(request);
    const countries = countryOptions(await this.countries.list(user), locale);
    const query = await this.query(raw, countries[0]?.code ?? '');
    const found = await this.register.list(user, query, locale);
    const courseQuery = Object.assign(new ListCoursesQueryDto(), {
      page: 1,
      limit: COURSE_CHOICES,
      sort: '-createdAt',
    });
    const courses = (await this.courses.list(courseQuery)).items.map((course) => {
      const titles = course.titles as Record<string, string | undefined>;
      return { value: course.id, label: titles[locale] ?? titles.en ?? titles.ru ?? '' };
    });
    const filters = new URLSearchParams(
      Object.entries({ country: query.country, course: query.course, year: query.year, status: query.status })
        .filter(([, value]) => value !== undefined)
        .map(([key, value]): [string, string] => [key, String(value)]),
    );
    const year = new Date().getUTCFullYear();
    void reply.send(
      await this.pages.render(request, reply, 'certificates/register', {
        titleKey: 'web.certificates.register_title',
        model: {
          query,
          filters: filters.toString(),
          countries: countries.map((country) => ({ value: country.code, label: country.name })),
          courses,
          years: Array.from({ length: year - 2019 }, (_, index) => ({
            value: year + 1 - index,
            label: String(year + 1 - index),
          })),
          statuses: CERTIFICATE_STATUSES.filter((status) => status !== 'replaced').map((status) => ({
            value: status,
            label: translate(locale, `enums.certificate_status.${status}`),
          })),
          total: found.total,
          pageNumber: found.page,
          pages: found.pages,
          rows: found.rows.map((row) => ({
            ...row,
            dates: eventDates(locale, row.startDate, row.endDate),
            issued: formatDate(locale, row.issuedOn),
            statusLabel: translate(locale, `enums.certificate_status.${row.status}`),
          })),
        },
      }),
    );
  }

  @Get('export')
  @RequirePermission(Permission.CertificatesManage)
  async export(
    @CurrentUser() user: AuthUser,
    @Query() raw: Record<string, string | undefined>,
    @Req() request: PageRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const format = FORMATS.find((known) => known === raw.format);
    if (!format) throw new AppException(HttpStatus.BAD_REQUEST, CommonErrorCode.BadRequest);
    const file = await this.register.export(user, await this.query(raw, ''), format, requestLocale(request));
    void reply
      .header('content-type', file.type)
      .header('content-disposition', `attachment; filename="${file.fileName}"`)
      .header('cache-control', 'no-store')
      .send(file.content);
  }

  /** The filters as the API's DTO checks them: a wrong value is a 400 with the field's message. */
  private query(raw: Record<string, string | undefined>, defaultCountry: string): Promise<CertificateRegisterQueryDto> {
    const { country, course, year, status, page } = raw;
    return formDto(CertificateRegisterQueryDto, { country: country || defaultCountry, course, year, status, page });
  }
}
