import { ImportRunner } from '../../src/modules/imports/import-runner.js';
import { nameKeyOf } from '../../src/modules/trainees/duplicates/name-key.js';
import { createTrainee } from '../factories/training.js';
import { type ImportBody, useImportsFixture } from '../support/imports-fixture.js';

/** Committing an import, its duplicates, and large files (the fixture: test/support/imports-fixture.ts). */
describe('imports', () => {
  const suite = useImportsFixture();
  const { sql, tag, nth, upload, commit, traineesNamed, waitForJob } = suite;
  let { app, ruOfficerUser, enOfficer } = suite;
  beforeAll(() => ({ app, ruOfficerUser, enOfficer } = suite));

  describe('commit, all or nothing', () => {
    it('leaves nothing when the writer dies mid-way, and a retry writes the file exactly once', async () => {
      const marker = tag();
      const rows = ['Full name,Profession,Date of consent'];
      for (let i = 0; i < 5; i++) rows.push(`Person ${nth(i)} ${marker},judge,01.02.2025`);
      const body = (
        await upload('/imports/trainees?country=KG', enOfficer, 'p.csv', Buffer.from(rows.join('\n')))
      ).json<ImportBody>();
      expect(body.status).toBe('checked');

      // The worker "killed" after writing its first batch: the transaction rolls back.
      const runner = new ImportRunner(app.dataSource);
      await expect(
        runner.commit(body.id, ruOfficerUser.id, () => {
          throw new Error('worker killed');
        }),
      ).rejects.toThrow('worker killed');
      expect(await traineesNamed(marker)).toEqual([]);
      const [{ status }] = await sql<{ status: string }[]>('SELECT status FROM imports WHERE id = $1', [body.id]);
      expect(status).toBe('checked');

      const first = await commit(body.id, enOfficer);
      const again = await commit(body.id, enOfficer);
      expect(first.statusCode).toBe(200);
      expect(again.statusCode).toBe(200);
      expect(again.json<ImportBody>().result).toEqual(first.json<ImportBody>().result);
      expect(await traineesNamed(marker)).toHaveLength(5);
    });

    it("writes the dry run's rows without reading the file again, unless the places they were checked against changed", async () => {
      const marker = tag();
      const [{ id: organization }] = await sql<{ id: string }[]>(
        `INSERT INTO organizations (name, type, country_code) VALUES ($1, 'ngo', 'KG') RETURNING id`,
        [`Общественный фонд ${marker}`],
      );
      const text = `Full name,Profession,Organization,Date of consent\nАсанова Айгерим ${marker},judge,Общественный фонд ${marker},01.02.2025\n`;
      const body = (
        await upload('/imports/trainees?country=KG', enOfficer, 'o.csv', Buffer.from(text))
      ).json<ImportBody>();
      expect(body.status).toBe('checked');
      const kept = () =>
        sql<{ batch: number }[]>('SELECT batch FROM import_checked_rows WHERE import_id = $1', [body.id]);
      expect(await kept()).toEqual([{ batch: 0 }]);

      // Renamed since the dry run: the file is read again, and its organisation is no longer known.
      await sql('UPDATE organizations SET name = $2 WHERE id = $1', [organization, `Фонд ${marker}`]);
      const refused = await commit(body.id, enOfficer);
      expect(refused.statusCode).toBe(409);
      expect(refused.json()).toMatchObject({ code: 'import_invalid' });
      expect(await traineesNamed(marker)).toEqual([]);

      await sql('UPDATE organizations SET name = $2 WHERE id = $1', [organization, `Общественный фонд ${marker}`]);
      expect((await commit(body.id, enOfficer)).statusCode).toBe(200);
      const [written] = await sql<{ organization_id: string }[]>(
        `SELECT organization_id FROM trainees WHERE full_name = $1`,
        [`Асанова Айгерим ${marker}`],
      );
      expect(written.organization_id).toBe(organization);
      // The kept rows go with the file.
      expect(await kept()).toEqual([]);
    });

    it('asks for confirmation before committing a file that names a person twice', async () => {
      const marker = tag();
      const text = `Full name,Profession,Year of birth,Date of consent\nAli Valiev ${marker},judge,1980,01.02.2025\nVALIEV ALI ${marker},judge,1980,01.02.2025\n`;
      const body = (
        await upload('/imports/trainees?country=KG', enOfficer, 'd.csv', Buffer.from(text))
      ).json<ImportBody>();
      expect(body.report.duplicateGroups).toBe(1);
      const refused = await commit(body.id, enOfficer);
      expect(refused.statusCode).toBe(409);
      expect(refused.json()).toMatchObject({ code: 'import_duplicates_unconfirmed' });
      expect(await traineesNamed(marker)).toEqual([]);
      expect((await commit(body.id, enOfficer, { repeatsConfirmed: true })).statusCode).toBe(200);
      expect(await traineesNamed(marker)).toHaveLength(2);
    });
  });

  describe('trainees already registered (duplicate detection)', () => {
    it('shows a registered trainee spelled another way, and commits only once told the rows are new people, remembered as different from it', async () => {
      const marker = tag();
      const registered = await createTrainee(app.dataSource, {
        fullName: `Тоқтоғулов Нурлан ${marker}`,
        latinName: `Toqtoghulov Nurlan ${marker}`,
        birthYear: 1979,
        sex: 'male',
      });
      const text =
        'Full name,Profession,Year of birth,Date of consent\n' +
        `Токтогулов Нурлан Асанович ${marker},judge,1979,01.02.2025\n` +
        `Toktogulov Nurlan ${marker},prosecutor,,01.02.2025\n` +
        `Эшматов Бахтиёр ${marker},judge,1985,01.02.2025\n`;
      const res = await upload('/imports/trainees?country=KG', enOfficer, 'r.csv', Buffer.from(text));
      expect(res.statusCode).toBe(201);
      const body = res.json<ImportBody>();
      expect(body).toMatchObject({ status: 'checked', report: { duplicateGroups: 0, registryDuplicateRows: 2 } });
      const candidate = {
        traineeId: registered,
        fullName: `Тоқтоғулов Нурлан ${marker}`,
        latinName: `Toqtoghulov Nurlan ${marker}`,
        birthYear: 1979,
        profession: 'forensic_expert',
        organizationName: null,
        regionName: null,
        score: 1,
        conflictingFields: [],
      };
      const person = { phone: null, regionCode: null, regionName: null };
      expect(body.report.rows).toEqual([
        {
          row: 2,
          problems: [],
          sameAsRows: [],
          duplicates: [{ ...candidate, matchingFields: ['name', 'birthYear'] }],
          person: { ...person, fullName: `Токтогулов Нурлан Асанович ${marker}`, birthYear: 1979, profession: 'judge' },
        },
        {
          row: 3,
          problems: [],
          sameAsRows: [],
          duplicates: [{ ...candidate, matchingFields: ['name'] }],
          person: { ...person, fullName: `Toktogulov Nurlan ${marker}`, birthYear: null, profession: 'prosecutor' },
        },
      ]);
      // The stored report keeps ids and scores, never another trainee's name.
      const [stored] = await sql<{ report: unknown }[]>('SELECT report FROM imports WHERE id = $1', [body.id]);
      expect(JSON.stringify(stored.report)).not.toContain('Тоқтоғулов');

      const refused = await commit(body.id, enOfficer);
      expect(refused.statusCode).toBe(409);
      expect(refused.json()).toMatchObject({
        code: 'import_registry_duplicates_unconfirmed',
        message: expect.stringContaining('2 rows of the file'),
        rows: [
          { row: 2, duplicates: [{ traineeId: registered, fullName: `Тоқтоғулов Нурлан ${marker}` }] },
          { row: 3, duplicates: [{ traineeId: registered }] },
        ],
      });
      expect(await traineesNamed(marker)).toHaveLength(1);

      const done = await commit(body.id, enOfficer, {
        resolutions: [
          { row: 2, choice: 'new' },
          { row: 3, choice: 'new' },
        ],
      });
      expect(done.statusCode).toBe(200);
      expect(done.json<ImportBody>().result).toMatchObject({ trainees: 3, distinctPairs: 2 });
      const imported = await sql<{ id: string; full_name: string; name_key: string; patronymic_key: string | null }[]>(
        `SELECT id, full_name, name_key, patronymic_key FROM trainees WHERE full_name LIKE $1 AND id <> $2
          ORDER BY full_name`,
        [`%${marker}%`, registered],
      );
      // Every imported trainee carries the name key the trainees service would have written.
      expect(imported.map((t) => [t.name_key, t.patronymic_key])).toEqual(
        imported.map((t) => [nameKeyOf(t.full_name).key, nameKeyOf(t.full_name).patronymic]),
      );
      expect(imported.every((t) => t.name_key !== null)).toBe(true);
      const toktogulovs = imported.filter((t) => !t.full_name.startsWith('Эшматов')).map((t) => t.id);
      const pairs = await sql<{ trainee_id: string; other_trainee_id: string; marked_by_id: string }[]>(
        `SELECT trainee_id, other_trainee_id, marked_by_id FROM duplicate_distinct_pairs
          WHERE trainee_id = $1 OR other_trainee_id = $1`,
        [registered],
      );
      expect(pairs.map((p) => [p.trainee_id, p.other_trainee_id].find((id) => id !== registered)).sort()).toEqual(
        [...toktogulovs].sort(),
      );

      // Registration finds the imported trainees like any other: their name key is set.
      const again = await app.request({
        method: 'POST',
        url: '/trainees',
        headers: enOfficer,
        payload: {
          fullName: `ТОКТОГУЛОВ Нурлан ${marker}`,
          sex: 'male',
          profession: 'judge',
          countryCode: 'KG',
          consentGiven: true,
        },
      });
      expect(again.statusCode).toBe(409);
      const proposed = again.json<{ code: string; candidates: { traineeId: string }[] }>();
      expect(proposed.code).toBe('possible_duplicates');
      expect(proposed.candidates.map((c) => c.traineeId).sort()).toEqual([registered, ...toktogulovs].sort());
    });

    it('shows a candidate whose consent was since withdrawn without its name', async () => {
      const marker = tag();
      const registered = await createTrainee(app.dataSource, { fullName: `Раҳимова Мавлуда ${marker}` });
      const text = `Full name,Profession,Date of consent\nРахимова Мавлуда ${marker},judge,01.02.2025\n`;
      const body = (
        await upload('/imports/trainees?country=KG', enOfficer, 'w.csv', Buffer.from(text))
      ).json<ImportBody>();
      expect(body.report.rows[0].duplicates).toMatchObject([
        { traineeId: registered, fullName: `Раҳимова Мавлуда ${marker}` },
      ]);
      await sql(
        `UPDATE trainees SET full_name = NULL, latin_name = NULL, name_key = NULL, consent_withdrawn_at = now()
          WHERE id = $1`,
        [registered],
      );
      const shown = await app.request({ method: 'GET', url: `/imports/${body.id}`, headers: enOfficer });
      expect(shown.json<ImportBody>().report.rows[0].duplicates).toMatchObject([
        { traineeId: registered, fullName: null, latinName: null },
      ]);
    });

    it('takes rows of one name and birth year for one person unless their patronymics differ', async () => {
      const marker = tag();
      const text =
        'Full name,Profession,Year of birth,Date of consent\n' +
        `Иванов Пётр Сергеевич ${marker},judge,1970,01.02.2025\n` +
        `Иванов Пётр Николаевич ${marker},judge,1970,01.02.2025\n` +
        `Petr Ivanov ${marker},judge,1970,01.02.2025\n` +
        `Иванов Петр ${marker},judge,1995,01.02.2025\n`;
      const body = (
        await upload('/imports/trainees?country=KG', enOfficer, 'i.csv', Buffer.from(text))
      ).json<ImportBody>();
      expect(body.report.duplicateGroups).toBe(1);
      expect(body.report.rows.map((row) => [row.row, row.sameAsRows])).toEqual([
        [2, [4]],
        [3, [4]],
        [4, [2, 3]],
      ]);
    });
  });

  describe('a file over the row threshold', () => {
    it('is checked and committed by jobs, with progress in rows', async () => {
      const marker = tag();
      const rows = ['ПІБ;Професія;Стать;Дата згоди'];
      for (let i = 0; i < 120; i++)
        rows.push(`Коваленко Олена ${nth(i)} ${marker};Суддя;Жінка;0${(i % 9) + 1}.03.2025`);
      const res = await upload('/imports/trainees?country=KG', enOfficer, 'big.csv', Buffer.from(rows.join('\n')));
      expect(res.statusCode).toBe(202);
      const accepted = res.json<{ importId: string; statusUrl: string; queue: string; importUrl: string }>();
      expect(accepted.queue).toBe('imports');
      const checked = await waitForJob(accepted.statusUrl, enOfficer);
      expect(checked).toMatchObject({ state: 'completed', progress: { rowsDone: 120, rowsTotal: 120 } });
      const report = (
        await app.request({ method: 'GET', url: accepted.importUrl, headers: enOfficer })
      ).json<ImportBody>();
      expect(report).toMatchObject({ status: 'checked', rowCount: 120, report: { totalRows: 120, validRows: 120 } });

      const started = await commit(accepted.importId, enOfficer);
      expect(started.statusCode).toBe(202);
      const committed = await waitForJob(started.json<{ statusUrl: string }>().statusUrl, enOfficer);
      expect(committed).toMatchObject({
        state: 'completed',
        progress: { rowsDone: 120, rowsTotal: 120 },
        result: { status: 'committed', result: { trainees: 120 } },
      });
      expect(await traineesNamed(marker)).toHaveLength(120);
    });
  });
});
