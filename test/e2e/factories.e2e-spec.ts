import { Role } from '@cascade/auth';

import {
  assignTrainer,
  createCourse,
  createEvent,
  createSession,
  createTrainee,
  createTrainer,
  enroll,
} from '../factories/training.js';
import { createUser } from '../factories/users.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

// The builders other tests arrange with: each makes rows the schema accepts.
describe('test factories', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app.close());

  it('build a course with modules, an event with a trainer and a session, and an enrolled trainee', async () => {
    const user = await createUser(app.dataSource, { role: Role.Trainer });
    const trainerId = await createTrainer(app.dataSource, { userId: user.id });
    const course = await createCourse(app.dataSource, { modules: 3 });
    const eventId = await createEvent(app.dataSource, { courseId: course.id });
    await assignTrainer(app.dataSource, eventId, trainerId);
    await createSession(app.dataSource, eventId, { moduleId: course.moduleIds[0] });
    await enroll(app.dataSource, eventId, await createTrainee(app.dataSource));

    const [row] = await app.dataSource.query<{ sessions: string; enrolled: string; trainers: string }[]>(
      `SELECT (SELECT count(*) FROM training_sessions WHERE event_id = $1)::text AS sessions,
              (SELECT count(*) FROM enrollments WHERE event_id = $1)::text AS enrolled,
              (SELECT count(*) FROM event_trainers WHERE event_id = $1)::text AS trainers`,
      [eventId],
    );
    expect(row).toEqual({ sessions: '1', enrolled: '1', trainers: '1' });
    expect(course.moduleIds).toHaveLength(3);
  });
});
