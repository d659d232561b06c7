import { randomUUID } from 'node:crypto';

import type { INestApplicationContext } from '@nestjs/common';

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
import { bearer, signIn } from '../support/auth.js';
import { startTestApp, startTestWorker, type TestApp, testConfig } from '../support/test-app.js';

describe('completing an event', () => {
  let app: TestApp;
  let worker: INestApplicationContext;
  let officer: Record<string, string>;

  beforeAll(async () => {
    const config = testConfig();
    app = await startTestApp(config);
    worker = await startTestWorker(config);
    officer = bearer((await signIn(app, await createUser(app.dataSource, { role: Role.ProgramOfficer }))).accessToken);
  });
  afterAll(async () => {
    await worker.close();
    await app.close();
  });

  it('starts the completion job, which certifies those who met the course rules', async () => {
    const course = await createCourse(app.dataSource, { minAttendancePercent: 80, minPostScore: 70 });
    const eventId = await createEvent(app.dataSource, {
      courseId: course.id,
      startDate: '2025-03-03',
      endDate: '2025-03-04',
    });
    await assignTrainer(app.dataSource, eventId, await createTrainer(app.dataSource));
    const sessions = [
      await createSession(app.dataSource, eventId, { date: '2025-03-03' }),
      await createSession(app.dataSource, eventId, { date: '2025-03-04' }),
    ];
    const passes = await createTrainee(app.dataSource);
    const missedHalf = await createTrainee(app.dataSource);
    for (const traineeId of [passes, missedHalf]) await enroll(app.dataSource, eventId, traineeId);
    const marks = (status: string, traineeId: string) => ({
      id: randomUUID(),
      traineeId,
      status,
      markedAt: new Date().toISOString(),
    });
    for (const [index, sessionId] of sessions.entries()) {
      await app.request({
        method: 'PUT',
        url: `/sessions/${sessionId}/attendance`,
        headers: officer,
        payload: { marks: [marks('present', passes), marks(index === 0 ? 'present' : 'absent', missedHalf)] },
      });
    }
    await app.request({
      method: 'PUT',
      url: `/events/${eventId}/assessments`,
      headers: officer,
      payload: {
        scores: [
          { traineeId: passes, preScore: 40, postScore: 85 },
          { traineeId: missedHalf, preScore: 40, postScore: 90 },
        ],
      },
    });

    for (const status of ['ongoing', 'completed']) {
      const res = await app.request({
        method: 'POST',
        url: `/events/${eventId}/status`,
        headers: officer,
        payload: { status },
      });
      expect(res.statusCode).toBe(200);
    }

    let certified: { trainee_id: string }[] = [];
    for (let attempt = 0; attempt < 100 && certified.length === 0; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      certified = await app.dataSource.query(
        `SELECT e.trainee_id FROM certificates c JOIN enrollments e ON e.id = c.enrollment_id WHERE e.event_id = $1`,
        [eventId],
      );
    }
    expect(certified.map((row) => row.trainee_id)).toEqual([passes]);
  });
});
