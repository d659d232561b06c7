import { Controller, Get, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';

import { type AuthUser, CurrentUser, Permission, RequirePermission } from '@cascade/auth';
import { formatDate, requestLocale } from '@cascade/common';
import { translate } from '@cascade/i18n';

import {
  ExpiringCertificatesQueryDto,
  ExpiringCertificatesService,
  EXPIRY_WINDOWS,
} from '../../modules/certificates/index.js';
import { CountriesService } from '../../modules/countries/index.js';
import { countryOptions } from '../layout/country-names.js';
import { PageRenderer } from '../layout/page-renderer.js';
import { WebExceptionFilter } from '../layout/web-exception.filter.js';
import { formDto } from '../layout/web-form.js';
import type { PageRequest } from '../layout/web-session.js';

/**
 * The certificates of an officer's country that expire soon, nearest first, with the last reminder
 * e-mailed about each and how many certificates are valid today.
 */
@ApiExcludeController()
@Controller('officer/expiring-certificates')
@UseFilters(WebExceptionFilter)
export class CertificateExpiryController {
  constructor(
    private readonly expiring: ExpiringCertificatesService,
    private readonly countries: CountriesService,
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
    const query = await formDto(ExpiringCertificatesQueryDto, {
      country: raw.country || (countries[0]?.code ?? ''),
      within: raw.within,
      page: raw.page,
    });
    const now = new Date();
    const found = await this.expiring.list(user, query, locale, now);
    const validToday = await this.expiring.validAt(user, query.country, now.toISOString().slice(0, 10));
    const within = query.within ?? 60;
    void reply.send(
      await this.pages.render(request, reply, 'certificates/expiring', {
        titleKey: 'web.expiring.title',
        model: {
          query: { country: query.country, within },
          filters: new URLSearchParams({ country: query.country, within: String(within) }).toString(),
          countries: countries.map((country) => ({ value: country.code, label: country.name })),
          windows: EXPIRY_WINDOWS.map((days) => ({ value: days, label: String(days) })),
          validToday,
          total: found.total,
          pageNumber: found.page,
          pages: found.pages,
          rows: found.rows.map((row) => ({
            ...row,
            expires: formatDate(locale, row.expiresOn),
            reminder:
              row.reminderStatus === null
                ? translate(locale, 'web.expiring.reminder_none')
                : translate(locale, 'web.expiring.reminder', {
                    days: row.reminderDays ?? '',
                    status: translate(locale, `enums.message_status.${row.reminderStatus}`),
                  }),
          })),
        },
      }),
    );
  }
}
