import { randomUUID } from 'node:crypto';

import type { DataSource } from 'typeorm';

import { Role } from '@cascade/auth';

import { EventStatus } from '../../src/modules/events/training-event.entity.js';
import { createCountry } from './countries.js';
import { createEvent, createSession, createTrainee, enroll } from './training.js';
import { createUser, type TestUser } from './users.js';

/** A reported country and the people who read it. */
export interface ReportCountry {
  country: string;
  donor: TestUser;
  officer: TestUser;
  trainer: TestUser;
  /** The trainees' names, which no donor page may show. */
  names: string[];
}

/**
 * A country of its own with one completed event this year: 7 women (judges) and 3 men (prosecutors)
 * completed it, so a donor reads the men as "≤5" and an officer reads 3.
 */
export async function createReportCountry(dataSource: DataSource, year: number): Promise<ReportCountry> {
  const country = await createCountry(dataSource, 'W', {
    en: 'Reportland',
    ru: 'Отчётия',
    ky: 'Отчёт өлкөсү',
    tg: 'Ҳисоботистон',
    uk: 'Звітія',
  });
  const donor = await createUser(dataSource, { role: Role.Donor, countries: [country] });
  const officer = await createUser(dataSource, { role: Role.ProgramOfficer, countries: [country] });
  const trainer = await createUser(dataSource, { role: Role.Trainer, countries: [country] });
  const event = await createEvent(dataSource, {
    countryCode: country,
    startDate: `${year}-01-12`,
    endDate: `${year}-01-14`,
    status: EventStatus.Completed,
  });
  await createSession(dataSource, event, { date: `${year}-01-12` });
  const people: [string, string][] = [
    ...Array.from({ length: 7 }, (): [string, string] => ['female', 'judge']),
    ...Array.from({ length: 3 }, (): [string, string] => ['male', 'prosecutor']),
  ];
  const names: string[] = [];
  for (const [sex, profession] of people) {
    const fullName = `Отчётова ${randomUUID().slice(0, 8)}`;
    names.push(fullName);
    const trainee = await createTrainee(dataSource, { countryCode: country, fullName, sex, profession });
    const enrollment = await enroll(dataSource, event, trainee);
    await dataSource.query(`UPDATE enrollments SET status = 'completed', completed_at = now() WHERE id = $1`, [
      enrollment,
    ]);
  }
  return { country, donor, officer, trainer, names };
}
