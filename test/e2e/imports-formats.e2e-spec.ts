import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';

import { EventStatus } from '../../src/modules/events/training-event.entity.js';
import { createEvent, createSession } from '../factories/training.js';
import { type ImportBody, RU_HEADER, useImportsFixture } from '../support/imports-fixture.js';

/** The file formats an import reads, and the templates (the fixture: test/support/imports-fixture.ts). */
describe('imports', () => {
  const suite = useImportsFixture();
  const { sql, tag, upload, commit, traineesNamed } = suite;
  let { app, ruOfficerUser, ruOfficer, enOfficer } = suite;
  beforeAll(() => ({ app, ruOfficerUser, ruOfficer, enOfficer } = suite));

  describe('a Windows-1251 CSV with ";" (as Russian Excel saves it)', () => {
    it('reports each bad cell by row and column, in Russian, and writes nothing', async () => {
      const marker = tag();
      const lines = [
        RU_HEADER.join(';'),
        `Осмонова Гульнара ${marker};жен;Судебно-медицинский эксперт;1984;KG-O;+996 555 12-34-56;05.03.2024`,
        `Токтогулов Нурлан ${marker};М;прокурор;1979;;;31.02.2024`,
        `Иванов Пётр ${marker};мужской;астронавт;1890;Марс;12345;`,
        `осмонова гульнара ${marker};Ж;Судебно-медицинский эксперт;1984;;;06.03.2024`,
      ];
      const content = iconv.encode(lines.join('\r\n') + '\r\n', 'win1251');
      const res = await upload('/imports/trainees?country=KG', ruOfficer, 'участники.csv', content);
      expect(res.statusCode).toBe(201);
      const body = res.json<ImportBody>();
      expect(body).toMatchObject({ status: 'invalid', rowCount: 4 });
      expect(body.report).toMatchObject({
        encoding: 'windows-1251',
        separator: ';',
        totalRows: 4,
        validRows: 2,
        invalidRows: 2,
        duplicateGroups: 1,
      });
      const byRow = new Map(body.report.rows.map((row) => [row.row, row]));
      expect([...byRow.keys()]).toEqual([2, 3, 4, 5]);
      expect(byRow.get(3)?.problems).toEqual([
        {
          column: 'Дата согласия',
          field: 'consent_date',
          code: 'invalid_date',
          message: 'должно быть датой, например 31.12.2024.',
        },
      ]);
      const row4 = byRow.get(4)?.problems ?? [];
      expect(row4.map((p) => [p.field, p.code])).toEqual([
        ['profession', 'isIn'],
        ['birth_year', 'min'],
        ['region', 'region_not_in_import_country'],
        ['phone', 'phone_format'],
        ['consent_date', 'isDefined'],
      ]);
      expect(row4[0].message).toContain('Судебно-медицинский эксперт');
      // Rows 2 and 5 are one person (case aside); nobody registered is like them.
      expect(byRow.get(2)).toEqual({ row: 2, problems: [], sameAsRows: [5], duplicates: [] });
      expect(byRow.get(5)).toMatchObject({ sameAsRows: [2], duplicates: [] });

      expect(await traineesNamed(marker)).toEqual([]);
      const refused = await commit(body.id, ruOfficer);
      expect(refused.statusCode).toBe(409);
      expect(refused.json()).toMatchObject({ code: 'import_invalid' });
      expect(await traineesNamed(marker)).toEqual([]);
    });
  });

  describe('a UTF-8 CSV with a BOM and ","', () => {
    it('commits every row in one go, transliterating names and keeping the consent date, audited once', async () => {
      const marker = tag();
      const text =
        '\uFEFFFull name,Sex,Profession,Year of birth,Region,Email,Date of consent,Notes\n' +
        `"Asanova, Aida ${marker}",F,psychologist,1990,osh region,A.Asanova@Example.kg,2024-11-02,"met in Osh, May"\n` +
        `Бакиев Тимур ${marker},male,Judge,,,,15/01/2025,\n`;
      const res = await upload('/imports/trainees?country=KG', enOfficer, 'trainees.csv', Buffer.from(text));
      expect(res.statusCode).toBe(201);
      const body = res.json<ImportBody>();
      expect(body).toMatchObject({ status: 'checked' });
      expect(body.report).toMatchObject({ encoding: 'utf-8-bom', separator: ',', totalRows: 2, invalidRows: 0 });
      expect(body.report.ignoredColumns).toEqual(['Notes']);

      const done = await commit(body.id, enOfficer);
      expect(done.statusCode).toBe(200);
      expect(done.json<ImportBody>()).toMatchObject({
        status: 'committed',
        result: {
          trainees: 2,
          enrollments: 0,
          attendanceMarks: 0,
          assessments: 0,
          distinctPairs: 0,
          linked: 0,
          skipped: 0,
          filledFields: 0,
          keptFields: 0,
          toReview: 0,
        },
      });
      const rows = await traineesNamed(marker);
      expect(rows.map((r) => [r.full_name, r.latin_name, r.sex, r.profession, r.region_code, r.consent])).toEqual([
        [`Asanova, Aida ${marker}`, `Asanova, Aida ${marker}`, 'female', 'psychologist', 'KG-O', '2024-11-02'],
        [`Бакиев Тимур ${marker}`, `Bakiev Timur ${marker}`, 'male', 'judge', null, '2025-01-15'],
      ]);
      const [audit] = await sql<{ entity_type: string; values: Record<string, unknown> }[]>(
        `SELECT entity_type, "values" FROM audit_log WHERE entity_id = $1`,
        [body.id],
      );
      expect(audit).toMatchObject({
        entity_type: 'import',
        values: { kind: 'trainees', countryCode: 'KG', trainees: 2 },
      });
      const [stored] = await sql<{ content: Buffer | null }[]>('SELECT content FROM imports WHERE id = $1', [body.id]);
      expect(stored.content).toBeNull();
    });
  });

  describe('an XLSX of a past event, from the Russian template, with date cells', () => {
    it('records the participants, their enrolments, attendance per session and scores', async () => {
      const marker = tag();
      const eventId = await createEvent(app.dataSource, {
        startDate: '2025-05-12',
        endDate: '2025-05-13',
        status: EventStatus.Completed,
      });
      const day2 = await createSession(app.dataSource, eventId, {
        date: '2025-05-13',
        startTime: '09:00',
        endTime: '12:00',
      });
      const day1 = await createSession(app.dataSource, eventId, {
        date: '2025-05-12',
        startTime: '09:00',
        endTime: '12:00',
      });

      const template = await app.request({
        method: 'GET',
        url: '/imports/templates/event_records?format=xlsx&sessions=2',
        headers: ruOfficer,
      });
      expect(template.statusCode).toBe(200);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(template.rawPayload as unknown as ArrayBuffer);
      const sheet = workbook.worksheets[0];
      const headers = (sheet.getRow(1).values as string[]).slice(1);
      expect(headers).toEqual([
        'ФИО',
        'ФИО латиницей',
        'Пол',
        'Профессия',
        'Год рождения',
        'Регион',
        'Организация',
        'Телефон',
        'Эл. почта',
        'Дата согласия',
        'Балл предтеста',
        'Балл посттеста',
        'Занятие 1',
        'Занятие 2',
      ]);
      const at = (name: string) => headers.indexOf(name) + 1;
      const addRow = (values: Record<string, unknown>) => {
        const row = sheet.addRow([]);
        for (const [header, value] of Object.entries(values))
          row.getCell(at(header)).value = value as ExcelJS.CellValue;
      };
      addRow({
        ФИО: `Садыкова Айгерим ${marker}`,
        Пол: 'Женский',
        Профессия: 'Психиатр',
        'Дата согласия': new Date(Date.UTC(2025, 4, 12)),
        'Балл предтеста': 55,
        'Балл посттеста': '85,0',
        'Занятие 1': 'присутствовала',
        'Занятие 2': 'опоздал(а)',
      });
      addRow({
        ФИО: `Маматов Эрлан ${marker}`,
        Пол: 'М',
        Профессия: 'Адвокат',
        'Год рождения': 1975,
        'Дата согласия': 45789,
        'Занятие 1': 'отсутствовал',
        'Занятие 2': '',
      });
      const content = Buffer.from(await workbook.xlsx.writeBuffer());

      const res = await upload(`/imports/events/${eventId}`, ruOfficer, 'мероприятие.xlsx', content);
      expect(res.statusCode).toBe(201);
      const body = res.json<ImportBody>();
      expect(body.report.rows).toEqual([]);
      expect(body).toMatchObject({ status: 'checked', report: { totalRows: 2, validRows: 2 } });

      const done = await commit(body.id, ruOfficer);
      expect(done.json<ImportBody>().result).toEqual({
        trainees: 2,
        enrollments: 2,
        attendanceMarks: 3,
        assessments: 1,
        distinctPairs: 0,
        linked: 0,
        skipped: 0,
        filledFields: 0,
        keptFields: 0,
        toReview: 0,
      });
      const people = await traineesNamed(marker);
      expect(people.map((p) => [p.sex, p.profession, p.consent, p.consent_recorded_by_id])).toEqual([
        ['male', 'defense_lawyer', '2025-05-12', ruOfficerUser.id],
        ['female', 'psychiatrist', '2025-05-12', ruOfficerUser.id],
      ]);
      const marks = await sql<{ session_id: string; status: string; full_name: string }[]>(
        `SELECT m.session_id, m.status, t.full_name FROM attendance_marks m JOIN trainees t ON t.id = m.trainee_id
          WHERE m.session_id = ANY($1) ORDER BY t.full_name, m.status`,
        [[day1, day2]],
      );
      expect(marks).toEqual([
        { session_id: day1, status: 'absent', full_name: `Маматов Эрлан ${marker}` },
        { session_id: day1, status: 'present', full_name: `Садыкова Айгерим ${marker}` },
        { session_id: day2, status: 'late', full_name: `Садыкова Айгерим ${marker}` },
      ]);
      const scores = await sql(`SELECT pre_score, post_score FROM assessments WHERE event_id = $1`, [eventId]);
      expect(scores).toEqual([{ pre_score: 55, post_score: 85 }]);
      const enrolled = await sql(`SELECT status FROM enrollments WHERE event_id = $1`, [eventId]);
      expect(enrolled).toEqual([{ status: 'enrolled' }, { status: 'enrolled' }]);
    });

    it('refuses an event that has not ended, or one outside the caller’s countries', async () => {
      const future = await createEvent(app.dataSource, { startDate: '2099-05-12', endDate: '2099-05-13' });
      const res = await upload(`/imports/events/${future}`, ruOfficer, 'x.csv', Buffer.from('ФИО\n'));
      expect(res.statusCode).toBe(409);
      expect(res.json()).toMatchObject({ code: 'import_event_not_finished' });
      const tajik = await createEvent(app.dataSource, { countryCode: 'TJ' });
      expect((await upload(`/imports/events/${tajik}`, ruOfficer, 'x.csv', Buffer.from('ФИО\n'))).statusCode).toBe(404);
    });
  });

  describe('templates', () => {
    it('gives a CSV per locale with the headers the import matches', async () => {
      const res = await app.request({
        method: 'GET',
        url: '/imports/templates/trainees?format=csv&locale=uk',
        headers: enOfficer,
      });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-disposition']).toContain('cascade-trainees-uk.csv');
      expect(res.body).toBe(
        '\uFEFFПІБ;ПІБ латиницею;Стать;Професія;Рік народження;Регіон;Організація;Номер телефону;Ел. пошта;Дата згоди\n',
      );
      const en = await app.request({
        method: 'GET',
        url: '/imports/templates/trainees?format=csv',
        headers: enOfficer,
      });
      expect(en.body.split('\n')[0]).toBe(
        '\uFEFFFull name,Name in Latin letters,Sex,Profession,Year of birth,Region,Organization,Phone,Email,Date of consent',
      );
    });
  });
});
