import { DataSource } from 'typeorm';

import { Role } from '@cascade/auth';

import { dataSourceOptions } from '../../src/data-source.js';
import { ReportView } from '../../src/modules/reports/report-views.js';
import { assignTrainer, createEvent, createTrainee, createTrainer, enroll } from '../factories/training.js';
import { createUser } from '../factories/users.js';
import { migrate, testDatabaseUrl } from '../support/test-app.js';

/**
 * The views the migrations add: the teaching scope (who teaches an event, a trainee), read by
 * every scope check, and the views the progress report reads other features' data through.
 */
describe('scope and report views', () => {
  let dataSource: DataSource;
  beforeAll(async () => {
    await migrate();
    dataSource = await new DataSource(dataSourceOptions(testDatabaseUrl())).initialize();
  });
  afterAll(() => dataSource.destroy());

  it('event_teachers names each trainer of an event with their account, and none of other events', async () => {
    const account = await createUser(dataSource, { role: Role.Trainer, countries: ['KG'] });
    const lead = await createTrainer(dataSource, { userId: account.id, fullName: 'Асель Маматова' });
    const noAccount = await createTrainer(dataSource, { fullName: 'Бакыт Осмонов' });
    const event = await createEvent(dataSource);
    const other = await createEvent(dataSource);
    await assignTrainer(dataSource, event, lead, 'lead');
    await assignTrainer(dataSource, event, noAccount, 'co_trainer');
    await assignTrainer(dataSource, other, noAccount, 'lead');

    const rows = await dataSource.query<object[]>(
      `SELECT trainer_id, role, trainer_user_id, trainer_name FROM event_teachers WHERE event_id = $1 ORDER BY role`,
      [event],
    );
    expect(rows).toEqual([
      { trainer_id: lead, role: 'lead', trainer_user_id: account.id, trainer_name: 'Асель Маматова' },
      { trainer_id: noAccount, role: 'co_trainer', trainer_user_id: null, trainer_name: 'Бакыт Осмонов' },
    ]);
  });

  it('trainee_teachers names the trainers of every event a trainee is enrolled in', async () => {
    const account = await createUser(dataSource, { role: Role.Trainer, countries: ['KG'] });
    const trainer = await createTrainer(dataSource, { userId: account.id });
    const taught = await createEvent(dataSource);
    const elsewhere = await createEvent(dataSource);
    await assignTrainer(dataSource, taught, trainer);
    const trainee = await createTrainee(dataSource);
    const stranger = await createTrainee(dataSource);
    await enroll(dataSource, taught, trainee);
    await enroll(dataSource, elsewhere, stranger);

    const teachersOf = (id: string) =>
      dataSource.query<object[]>(
        'SELECT event_id, enrollment_status, trainer_id, trainer_user_id FROM trainee_teachers WHERE trainee_id = $1',
        [id],
      );
    expect(await teachersOf(trainee)).toEqual([
      { event_id: taught, enrollment_status: 'enrolled', trainer_id: trainer, trainer_user_id: account.id },
    ]);
    expect(await teachersOf(stranger)).toEqual([]);
  });

  it('every view report-views.ts names exists', async () => {
    const rows = await dataSource.query<{ viewname: string }[]>(
      `SELECT viewname FROM pg_views WHERE schemaname = 'public' AND viewname = ANY($1)`,
      [Object.values(ReportView)],
    );
    expect(rows.map((row) => row.viewname).sort()).toEqual(Object.values(ReportView).sort());
  });
});
