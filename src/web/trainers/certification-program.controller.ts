import { Body, Controller, Get, HttpStatus, Param, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';

import { type AuthUser, CurrentUser, Permission, RequirePermission } from '@cascade/auth';
import { AppException, CommonErrorCode, requestLocale } from '@cascade/common';
import { type Locale, SUPPORTED_LOCALES } from '@cascade/i18n';

import { CountriesService } from '../../modules/countries/index.js';
import { CertificationService, SaveCertificationProgramDto } from '../../modules/trainers/index.js';
import { countryName } from '../layout/country-names.js';
import { type FormErrors, formRefusal } from '../layout/form-errors.js';
import { PageRenderer } from '../layout/page-renderer.js';
import { WebExceptionFilter } from '../layout/web-exception.filter.js';
import { formDto, formText, WebForm } from '../layout/web-form.js';
import type { PageRequest } from '../layout/web-session.js';

const COUNTRY = /^[A-Z]{2}$/;
const MAX_ROWS = 31;

/** One row of the list form, as typed (or as stored). */
interface RequirementRowForm {
  code: string;
  position: string;
  titles: Record<Locale, string>;
  required: boolean;
  deadlineDays: string;
}

/**
 * A country's requirement list to certified trainer, edited as one form: a row per requirement
 * (titles in the five languages, required, deadline in days, order) and a blank row to add one.
 * A new requirement's code is made from its English title, so nobody types a code.
 */
@ApiExcludeController()
@Controller('officer/certification')
@UseFilters(WebExceptionFilter)
export class CertificationProgramController {
  constructor(
    private readonly certification: CertificationService,
    private readonly countries: CountriesService,
    private readonly pages: PageRenderer,
  ) {}

  @Get(':country')
  @RequirePermission(Permission.TrainersManage)
  async form(
    @CurrentUser() user: AuthUser,
    @Param('country') country: string,
    @Req() request: PageRequest,
    @Res() reply: FastifyReply,
    @Query('saved') saved?: string,
  ): Promise<void> {
    const program = await this.certification.program(user, this.code(country));
    const rows = program.requirements.map((requirement): RequirementRowForm => ({
      code: requirement.code,
      position: String(requirement.position),
      titles: requirement.titles,
      required: requirement.required,
      deadlineDays: requirement.deadlineDays === null ? '' : String(requirement.deadlineDays),
    }));
    const lapse = program.lapseMonths === null ? '' : String(program.lapseMonths);
    void reply.send(await this.render(user, country, request, reply, { rows, lapse, saved: saved === '1' }));
  }

  @Post(':country')
  @RequirePermission(Permission.TrainersManage)
  @WebForm()
  async save(
    @CurrentUser() user: AuthUser,
    @Param('country') country: string,
    @Body() body: unknown,
    @Req() request: PageRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const locale = requestLocale(request);
    const rows = typedRows(body);
    const lapse = formText(body, 'lapseMonths');
    // Rows without any title are left out (a stored step whose titles were cleared is removed);
    // the rest in the order asked, each keeping its row for the messages.
    const kept = rows
      .map((row, index) => ({ row, index }))
      .filter(({ row }) => SUPPORTED_LOCALES.some((locale) => row.titles[locale] !== ''))
      .sort((a, b) => (Number(a.row.position) || a.index + 1) - (Number(b.row.position) || b.index + 1));
    const codes = new Set(kept.map(({ row }) => row.code).filter((code) => code !== ''));
    try {
      const dto = await formDto(SaveCertificationProgramDto, {
        ...(lapse === '' ? {} : { lapseMonths: wholeNumber(lapse) }),
        requirements: kept.map(({ row }) => ({
          code: row.code || uniqueCode(row.titles.en, codes),
          titles: row.titles,
          required: row.required,
          ...(row.deadlineDays === '' ? {} : { deadlineDays: wholeNumber(row.deadlineDays) }),
        })),
      });
      await this.certification.saveProgram(user, this.code(country), dto, locale);
      void reply.redirect(`/officer/certification/${country}?saved=1`, HttpStatus.SEE_OTHER);
    } catch (error) {
      const { errors, status } = formRefusal(error, locale, {
        except: [HttpStatus.NOT_FOUND],
        field: (name) => rowField(name, kept),
      });
      void reply.send(await this.render(user, country, request, reply, { rows, lapse, errors, status }));
    }
  }

  private code(country: string): string {
    if (!COUNTRY.test(country)) throw new AppException(HttpStatus.NOT_FOUND, CommonErrorCode.NotFound);
    return country;
  }

  private async render(
    user: AuthUser,
    country: string,
    request: PageRequest,
    reply: FastifyReply,
    page: { rows: RequirementRowForm[]; lapse: string; saved?: boolean; errors?: FormErrors; status?: number },
  ): Promise<string> {
    const locale = requestLocale(request);
    const blank: RequirementRowForm = {
      code: '',
      position: String(page.rows.length + 1),
      titles: { en: '', ru: '', ky: '', tg: '', uk: '' },
      required: true,
      deadlineDays: '',
    };
    return this.pages.render(request, reply, 'trainers/program', {
      titleKey: 'web.certification.program_title',
      titleParams: { country: countryName(await this.countries.get(user, this.code(country)), locale) },
      status: page.status,
      model: {
        country,
        saved: page.saved ?? false,
        errors: page.errors ?? {},
        lapse: page.lapse,
        rows: page.rows.length < MAX_ROWS ? [...page.rows, blank] : page.rows,
        locales: SUPPORTED_LOCALES,
      },
    });
  }
}

function typedRows(body: unknown): RequirementRowForm[] {
  const count = Math.min(MAX_ROWS, Number(formText(body, 'rows')) || 0);
  return Array.from({ length: count }, (_, index) => ({
    code: formText(body, `code_${index}`),
    position: formText(body, `position_${index}`),
    titles: Object.fromEntries(
      SUPPORTED_LOCALES.map((locale) => [locale, formText(body, `title_${locale}_${index}`)]),
    ) as Record<Locale, string>,
    required: formText(body, `required_${index}`) === '1',
    deadlineDays: formText(body, `deadlineDays_${index}`),
  }));
}

/** A whole number typed, else the text, so the DTO refuses it by field. */
const wholeNumber = (text: string): number | string => (/^\d{1,9}$/.test(text) ? Number(text) : text);

/** A code from the English title: lower-case Latin letters, digits and underscores, not yet taken. */
function uniqueCode(title: string, taken: Set<string>): string {
  const base =
    title
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '_')
      .replace(/^[^a-z]+|_+$/g, '')
      .slice(0, 36) || 'requirement';
  let code = base;
  for (let n = 2; taken.has(code); n++) code = `${base}_${n}`;
  taken.add(code);
  return code;
}

/** The form field a DTO path names: `requirements.2.titles.ky` → `title_ky_<that row>`. */
function rowField(name: string, kept: { index: number }[]): string {
  const match = /^requirements\.(\d+)\.(\w+)(?:\.(\w+))?$/.exec(name);
  if (!match) return name === 'lapseMonths' ? name : 'form';
  const row = kept[Number(match[1])]?.index ?? 0;
  if (match[2] === 'titles') return `title_${match[3] ?? 'en'}_${row}`;
  if (match[2] === 'code') return `title_en_${row}`;
  return `${match[2]}_${row}`;
}
