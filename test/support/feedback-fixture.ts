import { Role } from '@cascade/auth';

import { createCountry } from '../factories/countries.js';
import { uniqueSurname } from '../factories/names.js';
import {
  assignTrainer,
  createCourse,
  createEvent,
  createSession,
  createTrainee,
  createTrainer,
  enroll,
} from '../factories/training.js';
import { createUser, type TestUser } from '../factories/users.js';
import { startTestApp, type TestApp } from './test-app.js';
import { Visitor } from './web.js';

/** YYYY-MM-DD `days` from today (UTC). */
export const day = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

/**
 * The feedback tests' event, in a country of the file's own: completed yesterday (its feedback
 * open), two sessions teaching two of its course's three modules, a lead trainer with an account
 * and a co-trainer, seven enrollees (the first prefers Tajik; the event is in Russian). Call it
 * inside a describe; `printSlips()` fills `tokens` from the officer's slips page.
 */
export function useFeedbackFixture() {
  let app: TestApp;
  /** A country of this file's own, so the report's figures are this file's answers only. */
  let country: string;
  let officer: TestUser;
  let trainerUser: TestUser;
  let eventId: string;
  let sessions: string[];
  let modules: string[];
  let untaught: string;
  let trainers: string[];
  let trainees: string[];
  /** Each enrollee's token, by trainee id. */
  const tokens = new Map<string, string>();

  const signedIn = async (user: TestUser, language = 'en') => {
    const visitor = new Visitor(app, language);
    await visitor.signIn(user.email, user.password);
    await visitor.post('/language', { locale: language, returnTo: '/' });
    return visitor;
  };

  /** A trainee's phone: opens their link (which gives the form's CSRF cookie), then sends the form. */
  const answer = async (traineeId: string, fields: Record<string, string>, language = 'en') => {
    const phone = new Visitor(app, language);
    await phone.get(`/feedback/${tokens.get(traineeId)}`);
    return phone.post(`/feedback/${tokens.get(traineeId)}`, fields);
  };

  const fullAnswer = (overall: number, extra: Record<string, string> = {}) => ({
    overall: String(overall),
    [`module.${modules[0]}`]: '5',
    [`module.${modules[1]}`]: '3',
    [`trainer.${trainers[0]}`]: '4',
    [`trainer.${trainers[1]}`]: '5',
    mostUseful: 'Разбор заключений по структуре Протокола',
    missing: 'Больше практики с фотографиями травм',
    ...extra,
  });

  const answersInDb = () =>
    app.dataSource.query<{ overall: number; enrollment_id: string | null; most_useful: string | null }[]>(
      'SELECT overall, enrollment_id, most_useful FROM feedback_answers WHERE event_id = $1 ORDER BY created_at',
      [eventId],
    );

  beforeAll(async () => {
    app = await startTestApp();
    country = await createCountry(app.dataSource, 'F', {
      en: 'Feedbackland',
      ru: 'Отзывия',
      ky: 'Пикир өлкөсү',
      tg: 'Фикристон',
      uk: 'Відгукія',
    });
    officer = await createUser(app.dataSource, { role: Role.ProgramOfficer, countries: [country] });
    trainerUser = await createUser(app.dataSource, { role: Role.Trainer, countries: [country] });
    const course = await createCourse(app.dataSource, { modules: 3 });
    modules = course.moduleIds.slice(0, 2);
    untaught = course.moduleIds[2];
    // Ended yesterday and completed: its feedback is open for 14 days.
    eventId = await createEvent(app.dataSource, {
      courseId: course.id,
      countryCode: country,
      startDate: day(-2),
      endDate: day(-1),
      status: 'completed' as never,
    });
    trainers = [
      await createTrainer(app.dataSource, {
        countryCode: country,
        userId: trainerUser.id,
        fullName: `Асель ${uniqueSurname()}`,
      }),
      await createTrainer(app.dataSource, { countryCode: country, fullName: `Бакыт ${uniqueSurname()}` }),
    ];
    await assignTrainer(app.dataSource, eventId, trainers[0], 'lead');
    await assignTrainer(app.dataSource, eventId, trainers[1], 'co_trainer');
    // Two sessions teaching two of the course's three modules: the third is not rated.
    sessions = [
      await createSession(app.dataSource, eventId, { date: day(-2), moduleId: modules[0] }),
      await createSession(app.dataSource, eventId, { date: day(-1), moduleId: modules[1] }),
    ];
    trainees = [];
    for (let i = 0; i < 7; i++) {
      const id = await createTrainee(app.dataSource, { countryCode: country, fullName: `Гүлнара ${uniqueSurname()}` });
      await enroll(app.dataSource, eventId, id);
      trainees.push(id);
    }
    await app.dataSource.query(`UPDATE trainees SET preferred_language = 'tg' WHERE id = $1`, [trainees[0]]);
  });
  afterAll(() => app.close());

  /** The officer's slips page; each slip's token, found beside its trainee's name, goes into `tokens`. */
  const printSlips = async () => {
    const visitor = await signedIn(officer);
    const page = await visitor.get(`/officer/events/${eventId}/feedback/slips`);
    const names = await app.dataSource.query<{ id: string; full_name: string }[]>(
      'SELECT id, full_name FROM trainees WHERE id = ANY($1)',
      [trainees],
    );
    for (const { id, full_name } of names) {
      const slip = new RegExp(`${full_name}</strong>[\\s\\S]*?/feedback/([A-Za-z0-9_-]{43})"`).exec(page.body);
      if (slip) tokens.set(id, slip[1]);
    }
    return { visitor, page };
  };

  return {
    get app() {
      return app;
    },
    get country() {
      return country;
    },
    get officer() {
      return officer;
    },
    get trainerUser() {
      return trainerUser;
    },
    get eventId() {
      return eventId;
    },
    get sessions() {
      return sessions;
    },
    get modules() {
      return modules;
    },
    get untaught() {
      return untaught;
    },
    get trainers() {
      return trainers;
    },
    get trainees() {
      return trainees;
    },
    tokens,
    signedIn,
    answer,
    fullAnswer,
    answersInDb,
    printSlips,
  };
}
