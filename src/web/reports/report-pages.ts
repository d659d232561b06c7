import { HttpStatus } from '@nestjs/common';

import { type AuthUser } from '@cascade/auth';
import { AppException, CommonErrorCode } from '@cascade/common';
import type { Locale } from '@cascade/i18n';
import { QueueName } from '@cascade/queue';

import type { ProgressReportDto } from '../../modules/reports/dto/progress.dto.js';
import { ProgressQueryDto } from '../../modules/reports/dto/progress.dto.js';
import { ProgressExportDto } from '../../modules/reports/dto/progress-export.dto.js';
import type { ExportsService } from '../../modules/reports/exports.service.js';
import { Breakdown } from '../../modules/reports/indicators.js';
import { reportDto } from '../../modules/reports/progress-view.js';
import type { ReportsService } from '../../modules/reports/reports.service.js';
import { dateForEntry, entryDate } from '../layout/date-entry.js';
import { type FormErrors, formRefusal } from '../layout/form-errors.js';
import { formDto, formText } from '../layout/web-form.js';
import { cell, currentYear, type ReportChart, reportCharts } from './report-view.js';

/**
 * What a report page's period form holds: the dates as YYYY-MM-DD (for the report, the export and
 * the donor's list of periods) when they are dates, else as typed, so a refused form shows them again.
 */
export interface PeriodForm {
  from: string;
  to: string;
  breakdown: string;
  /** `from` and `to` as the officer's fields show them: day first. */
  entry: { from: string; to: string };
  /** The officer's page chooses the country too. */
  country?: string;
}

export interface ReportModel {
  form: PeriodForm;
  errors: FormErrors;
  report: ProgressReportDto | null;
  charts: ReportChart[];
  cell: (value: number | string | null) => string;
}

/** The form as sent: `from` and `to`, or a donor's `period` chosen from a list (`from_to`). */
export function periodForm(query: Record<string, unknown>): PeriodForm {
  const year = currentYear();
  const [periodFrom = '', periodTo = ''] = formText(query, 'period').split('_');
  const from = entryDate(periodFrom || formText(query, 'from') || year.from);
  const to = entryDate(periodTo || formText(query, 'to') || year.to);
  return {
    from,
    to,
    breakdown: formText(query, 'breakdown') || Breakdown.None,
    entry: { from: dateForEntry(from), to: dateForEntry(to) },
  };
}

/**
 * The report for a page, computed by the reports service exactly as GET /reports/progress computes
 * it for this user (a donor's suppressed); a refused period comes back as messages by field.
 */
export async function loadReport(
  reports: ReportsService,
  user: AuthUser,
  country: string,
  form: PeriodForm,
  locale: Locale,
): Promise<{ model: ReportModel; status: number }> {
  const model: ReportModel = { form, errors: {}, report: null, charts: [], cell: (value) => cell(locale, value) };
  try {
    const { from, to, breakdown } = form;
    const query = await formDto(ProgressQueryDto, { country, from, to, breakdown });
    model.report = reportDto(await reports.progress(user, query), locale);
    model.charts = await reportCharts(model.report, locale);
    return { model, status: HttpStatus.OK };
  } catch (error) {
    model.errors = formRefusal(error, locale, { only: [HttpStatus.BAD_REQUEST] }).errors;
    return { model, status: HttpStatus.BAD_REQUEST };
  }
}

/**
 * Starts an export job through the exports service (the same refusals as POST /reports/progress/exports)
 * and gives the page that follows it; the file has the total and, when chosen, the breakdown.
 */
export async function startExport(
  exports: ExportsService,
  user: AuthUser,
  country: string,
  body: Record<string, unknown>,
  locale: Locale,
): Promise<string> {
  const breakdown = formText(body, 'breakdown') || Breakdown.None;
  const dto = await formDto(ProgressExportDto, {
    country,
    from: entryDate(formText(body, 'from')),
    to: entryDate(formText(body, 'to')),
    format: formText(body, 'format'),
    breakdowns: breakdown === String(Breakdown.None) ? [Breakdown.None] : [Breakdown.None, breakdown],
  });
  const { queue, jobId } = await exports.start(user, dto, locale);
  return exportStatusUrl(queue, jobId);
}

export const exportStatusUrl = (queue: QueueName, jobId: string) =>
  `/exports/${encodeURIComponent(queue)}/${encodeURIComponent(jobId)}`;

export function assertQueue(queue: string): QueueName {
  if (!(Object.values(QueueName) as string[]).includes(queue)) {
    throw new AppException(HttpStatus.NOT_FOUND, CommonErrorCode.NotFound);
  }
  return queue as QueueName;
}
