import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager, IsNull } from 'typeorm';

import { assertCanAccess, type AuthUser, countryScope, inCountryScope, Permission, Role } from '@cascade/auth';
import { AppException, CommonErrorCode, invalidField } from '@cascade/common';
import { APP_CONFIG, type AppConfig } from '@cascade/config';

import { Country } from '../countries/index.js';
import { Profession, Sex } from '../reference/index.js';
import { CountryTarget } from './country-target.entity.js';
import { donorPeriod } from './donor-periods.js';
import type { ListTargetsQueryDto, TargetInputDto } from './dto/country-target.dto.js';
import type { ProgressQueryDto } from './dto/progress.dto.js';
import { Breakdown, breakdownApplies, DONOR_BREAKDOWNS, isCountIndicator, TargetDimension } from './indicators.js';
import { type ReportCascade, shownCascade } from './report-cascade.js';
import { type ComputedCell, coversWholeYears, ReportsRepository } from './reports.repository.js';
import { ReportsErrorCode, ReportsFieldCode } from './reports-error-code.js';
import { exact, roundingBase, type ShownCell, suppressed } from './suppression.js';

/** The longest period a report covers: the indicators are computed over every event in it. */
export const MAX_PERIOD_YEARS = 10;

const DIMENSION_VALUES: Record<TargetDimension, readonly string[]> = {
  [TargetDimension.Sex]: Object.values(Sex),
  [TargetDimension.Profession]: Object.values(Profession),
};

export interface ProgressReport {
  country: string;
  from: string;
  to: string;
  breakdown: Breakdown;
  suppressionThreshold: number | null;
  /** Donors' counts above the threshold are rounded to a multiple of this; null for exact reports. */
  roundingBase: number | null;
  rows: (ShownCell & { breakdownApplies: boolean; regionNames: ComputedCell['regionNames'] })[];
  cascade: ReportCascade;
}

/** Progress against targets, computed in SQL; exact for officers and admins, suppressed for donors. */
@Injectable()
export class ReportsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly repository: ReportsRepository,
  ) {}

  async progress(user: AuthUser, query: ProgressQueryDto): Promise<ProgressReport> {
    const breakdown = query.breakdown ?? Breakdown.None;
    await this.assertProgressQuery(user, query, [breakdown]);
    const donor = user.role === Role.Donor;

    const wholeYears = coversWholeYears(query.from, query.to);
    const [cells, cascade] = await Promise.all([
      this.repository.progress({ ...query, breakdown }, wholeYears),
      this.repository.cascade(query),
    ]);
    const threshold = this.config.env.SUPPRESSION_THRESHOLD;
    const shown = donor ? suppressed(cells, threshold) : exact(cells);
    return {
      country: query.country,
      from: query.from,
      to: query.to,
      breakdown,
      suppressionThreshold: donor ? threshold : null,
      roundingBase: donor ? roundingBase(threshold) : null,
      rows: shown.map((row, index) => ({
        ...row,
        breakdownApplies: breakdownApplies(row.indicator, breakdown),
        regionNames: cells[index].regionNames,
      })),
      cascade: shownCascade(cascade, donor ? threshold : null),
    };
  }

  /**
   * Refuses a report the user may not have, as GET /reports/progress does: a reversed or too long
   * period, a country outside their scope, a period or breakdown a donor may not choose.
   */
  async assertProgressQuery(
    user: AuthUser,
    query: Pick<ProgressQueryDto, 'country' | 'from' | 'to'>,
    breakdowns: readonly Breakdown[],
  ): Promise<void> {
    if (query.from > query.to) throw invalidField('to', ReportsFieldCode.PeriodReversed);
    // Donors choose among fixed periods: free end dates would let them difference day by day.
    if (user.role === Role.Donor && donorPeriod(query.from, query.to) === null) {
      throw invalidField('from', ReportsFieldCode.PeriodNotForDonors);
    }
    if (query.to >= addYears(query.from, MAX_PERIOD_YEARS)) {
      throw invalidField('to', ReportsFieldCode.PeriodTooLong, { count: MAX_PERIOD_YEARS });
    }
    await this.assertCountry(this.dataSource.manager, user, query.country, 'country');
    if (user.role === Role.Donor && breakdowns.some((breakdown) => !DONOR_BREAKDOWNS.includes(breakdown))) {
      throw new AppException(HttpStatus.FORBIDDEN, ReportsErrorCode.BreakdownNotForDonors);
    }
  }

  listTargets(user: AuthUser, query: ListTargetsQueryDto): Promise<CountryTarget[]> {
    if (query.country && !inCountryScope(user, query.country)) {
      throw invalidField('country', ReportsFieldCode.CountryOutOfScope);
    }
    const builder = this.dataSource.getRepository(CountryTarget).createQueryBuilder('target');
    const scope = countryScope(user);
    if (scope !== null) builder.andWhere('target.country_code = ANY(:scope)', { scope });
    if (query.country) builder.andWhere('target.country_code = :country', { country: query.country });
    if (query.year !== undefined) builder.andWhere('target.year = :year', { year: query.year });
    return builder
      .orderBy('target.country_code')
      .addOrderBy('target.year')
      .addOrderBy('target.indicator')
      .addOrderBy('target.breakdown_dimension', 'ASC', 'NULLS FIRST')
      .addOrderBy('target.breakdown_value')
      .getMany();
  }

  /** Sets each target given, adding or replacing the one with the same key; each write is audited. */
  async upsertTargets(user: AuthUser, inputs: TargetInputDto[]): Promise<CountryTarget[]> {
    inputs.forEach((input, index) => {
      assertBreakdownValue(input, `targets.${index}`);
      assertTargetValue(input, `targets.${index}.targetValue`);
    });
    return this.dataSource.transaction(async (manager) => {
      const checked = new Set<string>();
      for (const [index, input] of inputs.entries()) {
        if (!checked.has(input.country)) {
          await this.assertCountry(manager, user, input.country, `targets.${index}.country`);
          checked.add(input.country);
        }
      }
      const saved: CountryTarget[] = [];
      for (const input of inputs) {
        const dimension = input.breakdownDimension ?? null;
        const value = input.breakdownValue ?? null;
        const existing = await manager.findOneBy(CountryTarget, {
          countryCode: input.country,
          year: input.year,
          indicator: input.indicator,
          breakdownDimension: dimension === null ? IsNull() : dimension,
          breakdownValue: value === null ? IsNull() : value,
        });
        const target =
          existing ??
          manager.create(CountryTarget, {
            countryCode: input.country,
            year: input.year,
            indicator: input.indicator,
            breakdownDimension: dimension,
            breakdownValue: value,
          });
        target.targetValue = input.targetValue;
        saved.push(await manager.save(target));
      }
      return saved;
    });
  }

  async removeTarget(user: AuthUser, id: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const target = await manager.findOneBy(CountryTarget, { id });
      if (!target) throw new AppException(HttpStatus.NOT_FOUND, CommonErrorCode.NotFound);
      assertCanAccess(user, Permission.TargetsManage, { countryCode: target.countryCode });
      await manager.remove(target);
    });
  }

  private async assertCountry(manager: EntityManager, user: AuthUser, code: string, field: string): Promise<void> {
    if (!inCountryScope(user, code)) throw invalidField(field, ReportsFieldCode.CountryOutOfScope);
    if (!(await manager.existsBy(Country, { code }))) {
      throw invalidField(field, ReportsFieldCode.UnknownCountry, { codes: code });
    }
  }
}

function assertBreakdownValue(input: TargetInputDto, prefix: string): void {
  const dimension = input.breakdownDimension ?? null;
  const value = input.breakdownValue ?? null;
  if (dimension === null) {
    if (value !== null) throw invalidField(`${prefix}.breakdownValue`, ReportsFieldCode.BreakdownValueUnexpected);
    return;
  }
  const values = DIMENSION_VALUES[dimension];
  if (value === null || !values.includes(value)) {
    throw invalidField(`${prefix}.breakdownValue`, ReportsFieldCode.BreakdownValueInvalid, {
      values: values.join(', '),
    });
  }
}

/**
 * A target in the indicator's own terms: a count of people or events is a whole number (no
 * "85,5" people); a rate, a mean score or a gain is a percentage, 0 to 100 (no 120 % attendance).
 */
function assertTargetValue(input: TargetInputDto, field: string): void {
  if (isCountIndicator(input.indicator)) {
    if (!Number.isInteger(input.targetValue)) throw invalidField(field, ReportsFieldCode.TargetNotWhole);
  } else if (input.targetValue > 100) {
    throw invalidField(field, ReportsFieldCode.TargetNotPercentage);
  }
}

/** The same calendar day `years` later, as YYYY-MM-DD (29 February moves to 1 March). */
function addYears(date: string, years: number): string {
  const day = new Date(`${date}T00:00:00Z`);
  day.setUTCFullYear(day.getUTCFullYear() + years);
  return day.toISOString().slice(0, 10);
}
