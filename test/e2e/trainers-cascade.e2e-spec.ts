import type { InjectOptions } from 'fastify';

import { Role } from '@cascade/auth';

import { assignTrainer, createEvent, createTrainee, createTrainer, enroll } from '../factories/training.js';
import { type Headers, useTrainersFixture } from '../support/trainers-fixture.js';

/** The cascade, and what donors see of it (the fixture: test/support/trainers-fixture.ts). */
describe('trainers', () => {
  const suite = useTrainersFixture();
  const { signedIn, call } = suite;
  let { app, asAdmin, asKgOfficer, asTjOfficer, asDonor } = suite;
  beforeAll(() => ({ app, asAdmin, asKgOfficer, asTjOfficer, asDonor } = suite));

  describe('the cascade', () => {
    /** Completed enrollments of new trainees (or the given ones) at an event the trainers teach. */
    async function eventTaughtBy(trainers: string[], completed: (string | number)[], others: string[] = []) {
      const event = await createEvent(app.dataSource, { countryCode: 'KG' });
      for (const [index, trainer] of trainers.entries()) {
        await assignTrainer(app.dataSource, event, trainer, index === 0 ? 'lead' : 'co_trainer');
      }
      const trainees: string[] = [];
      for (const trainee of completed) {
        const id = typeof trainee === 'string' ? trainee : await createTrainee(app.dataSource);
        const enrollment = await enroll(app.dataSource, event, id);
        await app.dataSource.query(`UPDATE enrollments SET status = 'completed', completed_at = now() WHERE id = $1`, [
          enrollment,
        ]);
        trainees.push(id);
      }
      for (const status of others) {
        const enrollment = await enroll(app.dataSource, event, await createTrainee(app.dataSource));
        await app.dataSource.query('UPDATE enrollments SET status = $2 WHERE id = $1', [enrollment, status]);
      }
      return trainees;
    }

    const cascadeOf = async (id: string, headers: Headers) => {
      const res = await call('GET', `/trainers/${id}/cascade`, headers);
      expect(res.statusCode).toBe(200);
      return res.json<{
        rootId: string;
        depthLimit: number;
        depthLimitReached: boolean;
        nodes: {
          id: string | null;
          parentId: string | null;
          name: string | null;
          level: string | null;
          generation: number;
          outsideScope: boolean;
        }[];
        generations: { generation: number; trainers: number; traineesReached: number; certified: number }[];
        trainers: number;
        traineesReached: number;
        multiplier: number;
      }>();
    };

    it('counts trainers and trainees per generation and the multiplier of a hand-made tree', async () => {
      // upstream ─▶ root ─▶ a ─▶ a1, a2
      //                 └─▶ b ─▶ b1 (in TJ; trained by a too)
      const trainer = (fullName: string, countryCode = 'KG') =>
        createTrainer(app.dataSource, { fullName, countryCode });
      const upstream = await trainer('Upstream Master');
      const root = await trainer('Root Тренер');
      const [a, b, a1, a2] = [
        await trainer('A Тренер'),
        await trainer('B Тренер'),
        await trainer('A1 Тренер'),
        await trainer('A2 Тренер'),
      ];
      const b1 = await trainer('B1 Тренер', 'TJ');
      for (const [child, parent] of [
        [root, upstream],
        [a, root],
        [b, root],
        [a1, a],
        [a2, a],
        [b1, b],
        [b1, a],
      ]) {
        expect((await call('POST', `/trainers/${child}/trained-by`, asAdmin, { trainedById: parent })).statusCode).toBe(
          201,
        );
      }

      // Generation 0, the root: t1, t2, t3 completed; one still enrolled and one withdrawn do not count.
      const [t1] = await eventTaughtBy([root], [0, 0, 0], ['enrolled', 'withdrawn']);
      // Generation 1: a taught t1 again and two more; b two others. Distinct: 5.
      await eventTaughtBy([a], [t1, 0, 0]);
      await eventTaughtBy([b], [0, 0]);
      // Generation 2: a1 and a2 co-taught two (counted once), a2 alone one more; b1 none. Distinct: 3.
      await eventTaughtBy([a1, a2], [0, 0]);
      await eventTaughtBy([a2], [0], ['enrolled']);
      // Outside the tree: the upstream trainer's trainees.
      await eventTaughtBy([upstream], [0, 0, 0, 0]);

      // a and a1 passed every step of KG's list: certified today; a2 passed only the first.
      const steps = (await call('GET', '/certification-programs/KG', asAdmin)).json<{
        requirements: { code: string }[];
      }>().requirements;
      expect(steps.length).toBeGreaterThan(1);
      for (const [trainerId, passed] of [
        [a, steps],
        [a1, steps],
        [a2, steps.slice(0, 1)],
      ] as const) {
        for (const { code } of passed) {
          const res = await call('PUT', `/trainers/${trainerId}/requirements/${code}`, asAdmin, {
            state: 'passed',
            effectiveOn: new Date().toISOString().slice(0, 10),
          });
          expect(res.statusCode).toBe(200);
        }
      }

      const tree = await cascadeOf(root, asKgOfficer);
      expect(tree.rootId).toBe(root);
      // b1 is in TJ: outside a KG officer's countries, not counted.
      expect(tree.generations).toEqual([
        { generation: 0, trainers: 1, traineesReached: 3, certified: 0 },
        { generation: 1, trainers: 2, traineesReached: 5, certified: 1 },
        { generation: 2, trainers: 2, traineesReached: 3, certified: 1 },
      ]);
      // t1 counts once overall: 3 + 5 + 3 − 1 = 10 trainees, by 5 trainers.
      expect(tree).toMatchObject({ trainers: 5, traineesReached: 10, multiplier: 2, depthLimit: 10 });
      expect(tree.depthLimitReached).toBe(false);

      const node = (id: string) => tree.nodes.find((n) => n.id === id);
      expect(tree.nodes.filter((n) => !n.outsideScope)).toHaveLength(5);
      expect(tree.nodes[0]).toEqual({
        id: root,
        parentId: null,
        name: 'Root Тренер',
        level: 'national',
        levelLabel: 'Национальный тренер',
        generation: 0,
        outsideScope: false,
      });
      expect(node(a)).toMatchObject({ parentId: root, generation: 1, name: 'A Тренер' });
      expect(node(a2)).toMatchObject({ parentId: a, generation: 2 });
      // b1 (TJ) shows under each of its KG trainers as a trainer outside the officer's countries.
      expect(tree.nodes.filter((n) => n.outsideScope).map((n) => [n.id, n.parentId, n.generation, n.level])).toEqual(
        [a, b].sort().map((parentId) => [null, parentId, 2, null]),
      );
      expect(JSON.stringify(tree)).not.toContain(b1);
      expect(tree.nodes.map((n) => n.id)).not.toContain(upstream);
      // An admin sees every country: b1 is reached twice (through a and b), listed once.
      const whole = await cascadeOf(root, asAdmin);
      expect(whole.nodes.find((n) => n.id === b1)).toMatchObject({ generation: 2, name: 'B1 Тренер' });
      expect([a, b]).toContain(whole.nodes.find((n) => n.id === b1)?.parentId);
      expect(whole).toMatchObject({ trainers: 6, traineesReached: 10, multiplier: 1.67 });

      // From a: a, a1, a2, b1; a's trainees t1 + 2, and the 3 of the next generation: 6 by 4.
      const fromA = await cascadeOf(a, asAdmin);
      expect(fromA.generations).toEqual([
        { generation: 0, trainers: 1, traineesReached: 3, certified: 1 },
        { generation: 1, trainers: 3, traineesReached: 3, certified: 1 },
      ]);
      expect(fromA).toMatchObject({ trainers: 4, traineesReached: 6, multiplier: 1.5 });

      // A trainer sees their own cascade, with no one else's name.
      const { user, headers } = await signedIn(Role.Trainer, ['KG']);
      expect((await call('PATCH', `/trainers/${a}`, asAdmin, { userId: user.id })).statusCode).toBe(200);
      const own = await cascadeOf(a, headers);
      expect(own.nodes.map((n) => n.name)).toEqual(['A Тренер', null, null, 'a trainer outside your countries']);
      expect((await call('GET', `/trainers/${root}/cascade`, headers)).statusCode).toBe(404);

      const leaf = await cascadeOf(b1, asAdmin);
      expect(leaf).toMatchObject({ trainers: 1, traineesReached: 0, multiplier: 0 });
    });

    it("stops at the caller's countries: a KG trainer trained by a TJ trainer, walked as each role", async () => {
      // tjMaster (TJ) ─▶ kgTrainer (KG) ─▶ kgJunior (KG); tjMaster also ─▶ tjTrainer (TJ).
      const tjMaster = await createTrainer(app.dataSource, { fullName: 'Мастер Тоҷикӣ', countryCode: 'TJ' });
      const tjTrainer = await createTrainer(app.dataSource, { fullName: 'Тренер Тоҷикӣ', countryCode: 'TJ' });
      const kgTrainer = await createTrainer(app.dataSource, { fullName: 'Айгуль КГ', countryCode: 'KG' });
      const kgJunior = await createTrainer(app.dataSource, { fullName: 'Нурлан КГ', countryCode: 'KG' });
      for (const [child, parent] of [
        [tjTrainer, tjMaster],
        [kgTrainer, tjMaster],
        [kgJunior, kgTrainer],
      ]) {
        expect((await call('POST', `/trainers/${child}/trained-by`, asAdmin, { trainedById: parent })).statusCode).toBe(
          201,
        );
      }
      /** An event in `country` taught by `trainer`, with `completed` new trainees who completed it. */
      const taught = async (trainer: string, country: string, completed: number) => {
        const event = await createEvent(app.dataSource, { countryCode: country });
        await assignTrainer(app.dataSource, event, trainer, 'lead');
        for (let i = 0; i < completed; i++) {
          const enrollment = await enroll(
            app.dataSource,
            event,
            await createTrainee(app.dataSource, { countryCode: country }),
          );
          await app.dataSource.query(`UPDATE enrollments SET status = 'completed' WHERE id = $1`, [enrollment]);
        }
      };
      await taught(tjMaster, 'TJ', 4);
      await taught(tjMaster, 'KG', 2); // the TJ master taught in KG too
      await taught(tjTrainer, 'TJ', 3);
      await taught(kgTrainer, 'KG', 5);
      await taught(kgJunior, 'KG', 6);

      // An admin sees the whole tree across borders.
      const whole = await cascadeOf(tjMaster, asAdmin);
      expect(whole.nodes.map((n) => n.id).sort()).toEqual([tjMaster, tjTrainer, kgTrainer, kgJunior].sort());
      expect(whole).toMatchObject({ trainers: 4, traineesReached: 20 });

      // A TJ officer: the KG trainer is "a trainer outside your countries", with no id, counts or subtree.
      const tj = await cascadeOf(tjMaster, asTjOfficer);
      expect(tj.nodes.filter((n) => !n.outsideScope).map((n) => n.id)).toEqual([tjMaster, tjTrainer]);
      expect(tj.nodes.filter((n) => n.outsideScope)).toEqual([
        {
          id: null,
          parentId: tjMaster,
          name: 'тренере берун аз кишварҳои шумо',
          level: null,
          levelLabel: null,
          generation: 1,
          outsideScope: true,
        },
      ]);
      expect(tj.generations).toEqual([
        { generation: 0, trainers: 1, traineesReached: 4, certified: 0 },
        { generation: 1, trainers: 1, traineesReached: 3, certified: 0 },
      ]);
      expect(tj).toMatchObject({ trainers: 2, traineesReached: 7 });
      for (const hidden of [kgTrainer, kgJunior]) expect(JSON.stringify(tj)).not.toContain(hidden);

      // A KG officer does not reach the TJ master (404), and walks the KG trainer's own tree.
      expect((await call('GET', `/trainers/${tjMaster}/cascade`, asKgOfficer)).statusCode).toBe(404);
      const kg = await cascadeOf(kgTrainer, asKgOfficer);
      expect(kg.nodes.map((n) => [n.id, n.outsideScope])).toEqual([
        [kgTrainer, false],
        [kgJunior, false],
      ]);
      expect(kg).toMatchObject({ trainers: 2, traineesReached: 11 });

      // A UA officer reaches neither.
      const { headers: asUaOfficer } = await signedIn(Role.ProgramOfficer, ['UA']);
      for (const id of [tjMaster, kgTrainer]) {
        expect((await call('GET', `/trainers/${id}/cascade`, asUaOfficer)).statusCode).toBe(404);
      }

      // The TJ master's own account: their tree in TJ, the KG trainer outside it.
      const { user, headers: asMaster } = await signedIn(Role.Trainer, ['TJ']);
      expect((await call('PATCH', `/trainers/${tjMaster}`, asAdmin, { userId: user.id })).statusCode).toBe(200);
      const own = await cascadeOf(tjMaster, asMaster);
      expect(own.nodes.map((n) => [n.id, n.name, n.outsideScope])).toEqual([
        [tjMaster, 'Мастер Тоҷикӣ', false],
        [tjTrainer, null, false],
        [null, 'a trainer outside your countries', true],
      ]);
      expect(own).toMatchObject({ trainers: 2, traineesReached: 7 });

      // Donors: 403.
      expect((await call('GET', `/trainers/${tjMaster}/cascade`, asDonor)).statusCode).toBe(403);
    });

    it('stops at a loop written around the API, and at ten generations', async () => {
      const x = await createTrainer(app.dataSource);
      const y = await createTrainer(app.dataSource);
      await app.dataSource.query('INSERT INTO trainer_links (trainer_id, trained_by_id) VALUES ($1, $2), ($2, $1)', [
        x,
        y,
      ]);
      const loop = await cascadeOf(x, asAdmin);
      expect(loop.nodes.map((n) => [n.id, n.generation])).toEqual([
        [x, 0],
        [y, 1],
      ]);

      const chain: string[] = [];
      for (let i = 0; i < 13; i++) chain.push(await createTrainer(app.dataSource));
      for (let i = 1; i < chain.length; i++) {
        await app.dataSource.query('INSERT INTO trainer_links (trainer_id, trained_by_id) VALUES ($1, $2)', [
          chain[i],
          chain[i - 1],
        ]);
      }
      const deep = await cascadeOf(chain[0], asAdmin);
      expect(deep.trainers).toBe(11);
      expect(Math.max(...deep.nodes.map((n) => n.generation))).toBe(10);
      expect(deep.depthLimitReached).toBe(true);
      expect((await cascadeOf(chain[2], asAdmin)).depthLimitReached).toBe(false);
    });
  });

  describe('donors', () => {
    it('are refused every trainers route with 403', async () => {
      const trainer = await createTrainer(app.dataSource, { countryCode: 'KG' });
      const other = await createTrainer(app.dataSource, { countryCode: 'KG' });
      const routes: [InjectOptions['method'], string, object?][] = [
        ['GET', '/trainers'],
        ['GET', '/trainers/me'],
        ['POST', '/trainers', { fullName: 'Тест', countryCode: 'KG', level: 'national' }],
        ['GET', `/trainers/${trainer}`],
        ['PATCH', `/trainers/${trainer}`, { status: 'active' }],
        ['GET', `/trainers/${trainer}/cascade`],
        ['POST', `/trainers/${trainer}/trained-by`, { trainedById: other }],
        ['DELETE', `/trainers/${trainer}/trained-by/${other}`],
        ['GET', `/trainers/${trainer}/certification`],
        ['PUT', `/trainers/${trainer}/requirements/observed`, { state: 'passed', effectiveOn: '2025-05-15' }],
        ['POST', `/trainers/${trainer}/requirements/observed/extensions`, { deadline: '2030-01-01', reason: 'x' }],
        ['POST', `/trainers/${trainer}/refreshers`, { completedOn: '2025-05-15' }],
        ['PUT', '/certification-programs/KG', { requirements: [] }],
      ];
      for (const [method, url, payload] of routes) {
        const res = await call(method, url, asDonor, payload);
        expect([method, url, res.statusCode, res.json().code]).toEqual([method, url, 403, 'forbidden']);
      }
    });
  });
});
