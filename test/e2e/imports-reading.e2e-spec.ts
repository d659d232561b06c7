import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';

import { type ImportBody, type Problem, useImportsFixture } from '../support/imports-fixture.js';

/** Files as they come from officers' desks, read as their authors meant (the fixture: test/support/imports-fixture.ts). */
describe('imports read files faithfully', () => {
  const suite = useImportsFixture();
  const { sql, tag, upload, commit } = suite;
  let { ruOfficer, enOfficer, tjOfficer, admin } = suite;
  beforeAll(() => ({ ruOfficer, enOfficer, tjOfficer, admin } = suite));

  const problemsByRow = (body: ImportBody) =>
    new Map(body.report.rows.map((row) => [row.row, row.problems.map((p: Problem) => [p.field, p.code])]));
  const stored = (marker: string) =>
    sql<
      {
        full_name: string;
        profession: string;
        birth_year: number | null;
        phone: string | null;
        region_code: string | null;
        organization: string | null;
      }[]
    >(
      `SELECT t.full_name, t.profession, t.birth_year, t.phone, t.region_code, o.name AS organization
         FROM trainees t LEFT JOIN organizations o ON o.id = t.organization_id
        WHERE t.full_name ILIKE $1 ORDER BY t.full_name`,
      [`%${marker}%`],
    );

  it('refuses a name whose letters Windows-1251 lost ("Айг?л"), advising CSV UTF-8 or XLSX, and writes nothing', async () => {
    const marker = tag();
    const lines = [
      'ФИО;Профессия;Дата согласия',
      `Жумалиева Айгүл ${marker};психолог;05.03.2024`,
      `Осмонов Нурлан ${marker};судья;05.03.2024`,
    ];
    // Excel's "CSV" in Bishkek: ү is not in Windows-1251 and becomes "?".
    const content = iconv.encode(lines.join('\r\n'), 'win1251');
    expect(iconv.decode(content, 'win1251')).toContain(`Айг?л ${marker}`);
    const res = await upload('/imports/trainees?country=KG', ruOfficer, 'список.csv', content);
    expect(res.statusCode).toBe(201);
    const body = res.json<ImportBody>();
    expect(body.report).toMatchObject({ encoding: 'windows-1251', totalRows: 2, invalidRows: 1 });
    const [row] = body.report.rows;
    expect(row.row).toBe(2);
    expect(row.problems).toEqual([
      expect.objectContaining({ column: 'ФИО', field: 'full_name', code: 'lost_letters' }),
    ]);
    expect(row.problems[0].message).toContain('«CSV UTF-8»');
    expect(row.problems[0].message).toContain('.xlsx');
    expect((await commit(body.id, ruOfficer)).statusCode).toBe(409);
    expect(await stored(marker)).toEqual([]);

    // The replacement character, from a file converted badly before it reached us.
    const broken = `Full name,Profession,Date of consent\nAig\uFFFDl Zhumalieva ${marker},judge,05.03.2024\n`;
    const second = (
      await upload('/imports/trainees?country=KG', enOfficer, 'list.csv', Buffer.from(broken))
    ).json<ImportBody>();
    expect(problemsByRow(second).get(2)).toEqual([['full_name', 'lost_letters']]);
    expect(second.report.rows[0].problems[0].message).toContain('"CSV UTF-8"');
  });

  it('tells Windows-1251 from KOI8-R and DOS (866) files by how their letters read', async () => {
    for (const encoding of ['windows-1251', 'koi8-r', 'cp866']) {
      const marker = tag();
      const text = `ФИО;Профессия;Дата согласия\r\nЩербакова Юлия ${marker};психолог;05.03.2024\r\n`;
      const content = iconv.encode(text, encoding);
      const body = (await upload('/imports/trainees?country=KG', ruOfficer, 'a.csv', content)).json<ImportBody>();
      expect(body).toMatchObject({ status: 'checked', report: { encoding } });
      expect((await commit(body.id, ruOfficer)).statusCode).toBe(200);
      expect((await stored(marker)).map((t) => t.full_name)).toEqual([`Щербакова Юлия ${marker}`]);
    }
  });

  it('finds the header below a title row, in a CSV and in an XLSX', async () => {
    const marker = tag();
    const csv = [
      'Список участников семинара, Ош, май 2025',
      '',
      'ФИО;Профессия;Дата согласия;Примечание',
      `Абдыкадырова Чолпон ${marker};психолог;12.05.2025;`,
    ].join('\n');
    const fromCsv = await upload('/imports/trainees?country=KG', ruOfficer, 'семинар.csv', Buffer.from(csv));
    expect(fromCsv.statusCode).toBe(201);
    expect(fromCsv.json<ImportBody>()).toMatchObject({ status: 'checked', report: { separator: ';', totalRows: 1 } });

    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Лист1');
    sheet.addRow(['Тренинг по Стамбульскому протоколу']);
    sheet.addRow(['Бишкек, 12.05.2025']);
    sheet.addRow(['ФИО', 'Профессия', 'Дата согласия']);
    sheet.addRow([`Бейшеналиев Азамат ${marker}`, 'судья', new Date(Date.UTC(2025, 4, 12))]);
    const xlsx = Buffer.from(await workbook.xlsx.writeBuffer());
    const fromXlsx = await upload('/imports/trainees?country=KG', ruOfficer, 'семинар.xlsx', xlsx);
    expect(fromXlsx.json<ImportBody>()).toMatchObject({ status: 'checked', report: { totalRows: 1 } });

    // Past the tenth row the file has no header: the likeliest row's missing columns are named.
    const late = ['Итоги', ...Array.from({ length: 10 }, () => ''), 'ФИО;Профессия;Дата согласия'].join('\n');
    const refused = await upload('/imports/trainees?country=KG', ruOfficer, 'поздно.csv', Buffer.from(late));
    expect(refused.statusCode).toBe(400);
    expect(refused.json()).toMatchObject({ code: 'import_missing_columns' });
  });

  it('takes the birth year from a birth date (the date is not kept, as the report says first) and reads the organisation', async () => {
    const marker = tag();
    const csv = [
      'ФИО;Профессия;Дата рождения;Организация;Дата согласия;Комментарий',
      `Касымова Асель ${marker};судмедэксперт;14.07.1986;адвокатура кыргызской республики;01.03.2025;`,
      `Мамытов Бакыт ${marker};Судебно-медицинский эксперт;1979;"ОО ""Право и достоинство""";01.03.2025;`,
      `Орозова Мээрим ${marker};прокурор;31.02.1990;Прокуратура Кыргызстана;01.03.2025;`,
    ].join('\n');
    const res = await upload('/imports/trainees?country=KG', ruOfficer, 'орг.csv', Buffer.from(csv));
    const body = res.json<ImportBody & { report: { notices: string[] } }>();
    expect(Object.keys(body.report).slice(0, 2)).toEqual(['notices', 'ignoredColumns']);
    expect(body.report.ignoredColumns).toEqual(['Комментарий']);
    expect(body.report.notices).toEqual([
      'Не прочитаны столбцы: «Комментарий».',
      'Из столбца «Дата рождения» сохраняется только год рождения; сами даты не хранятся.',
    ]);
    expect(problemsByRow(body).get(4)).toEqual([
      ['birth_date', 'birth_date_invalid'],
      ['organization', 'organization_unknown'],
    ]);
    const unknown = body.report.rows[0].problems[1].message;
    expect(unknown).toContain('«Генеральная прокуратура Кыргызской Республики»');
    expect(unknown).not.toMatch(/organization|KG-/);

    const fixed = csv.replace(
      '31.02.1990;Прокуратура Кыргызстана',
      '1990-02-28;Генеральная прокуратура Кыргызской Республики',
    );
    const again = (
      await upload('/imports/trainees?country=KG', ruOfficer, 'орг.csv', Buffer.from(fixed))
    ).json<ImportBody>();
    expect(again.status).toBe('checked');
    expect((await commit(again.id, ruOfficer)).statusCode).toBe(200);
    expect((await stored(marker)).map((t) => [t.profession, t.birth_year, t.organization])).toEqual([
      ['forensic_expert', 1986, 'Адвокатура Кыргызской Республики'],
      ['forensic_expert', 1979, 'ОО «Право и достоинство»'],
      ['prosecutor', 1990, 'Генеральная прокуратура Кыргызской Республики'],
    ]);
    // Nothing of the dates is kept anywhere a trainee is stored.
    const columns = await sql<{ column_name: string }[]>(
      `SELECT column_name FROM information_schema.columns WHERE table_name = 'trainees' AND column_name LIKE '%birth%'`,
    );
    expect(columns).toEqual([{ column_name: 'birth_year' }]);

    // Kyrgyz headers; a date disagreeing with the year column is a row problem.
    const ky = `Аты-жөнү;Кесиби;Туулган жылы;Туулган күнү;Макулдук берилген күн\nСапарова Айнура ${marker};судья;1985;03.04.1984;01.03.2025\n`;
    const kyBody = (
      await upload('/imports/trainees?country=KG', ruOfficer, 'ky.csv', Buffer.from(ky))
    ).json<ImportBody>();
    expect(problemsByRow(kyBody).get(2)).toEqual([['birth_date', 'birth_year_mismatch']]);
  });

  it('knows professions by their synonyms in five languages, phones as dialled, and names typed in capitals', async () => {
    const marker = tag().toUpperCase();
    const csv = [
      'Full name,Profession,Phone,Date of consent',
      `О'НЕЙЛ ИВАНОВА-ПЕТРОВА ${marker},Судмедэксперт,0555 123 456,2025-03-01`,
      `П'ЯТАЧЕНКО ОКСАНА ${marker},судмедексперт,+996 (555) 12-34-57,2025-03-01`,
      `Д'АРТАНЬЯН ШАРЛЬ ${marker},forensic doctor,555123458,2025-03-01`,
      `ТОКТОГУЛОВА ГҮЛЗАТ ${marker},коршиноси тибби судӣ,,2025-03-01`,
      `McDonald Aibek ${marker},терапевт,,2025-03-01`,
      `Уметалиев Эрмек ${marker},судья,12345,2025-03-01`,
    ].join('\n');
    const body = (
      await upload('/imports/trainees?country=KG', enOfficer, 'caps.csv', Buffer.from(csv))
    ).json<ImportBody>();
    expect(problemsByRow(body)).toEqual(new Map([[7, [['phone', 'phone_format']]]]));
    const fixed = csv.replace(',12345,', ',+380 67 123 45 67,');
    const good = (
      await upload('/imports/trainees?country=KG', enOfficer, 'caps.csv', Buffer.from(fixed))
    ).json<ImportBody>();
    expect((await commit(good.id, enOfficer)).statusCode).toBe(200);
    const title = marker[0] + marker.slice(1).toLowerCase();
    const people = (await stored(marker)).map((t) => [t.full_name, t.profession, t.phone]);
    expect(people.sort((a, b) => String(a[0]).localeCompare(String(b[0]), 'en'))).toEqual([
      [`McDonald Aibek ${marker}`, 'general_physician', null],
      [`Д'Артаньян Шарль ${title}`, 'forensic_expert', '+996555123458'],
      [`О'Нейл Иванова-Петрова ${title}`, 'forensic_expert', '+996555123456'],
      [`П'ятаченко Оксана ${title}`, 'forensic_expert', '+996555123457'],
      [`Токтогулова Гүлзат ${title}`, 'forensic_expert', null],
      [`Уметалиев Эрмек ${marker}`, 'judge', '+380671234567'],
    ]);
  });

  it('matches region names with any apostrophe, plain letters and abbreviations, and hints at the import’s own country', async () => {
    const marker = tag();
    const ua = [
      'ПІБ;Професія;Регіон;Дата згоди',
      `Коваленко Ірина ${marker};психолог;Львівська обл.;01.03.2025`,
      `Шевчук Олег ${marker};слідчий;L’vivska;01.03.2025`,
      `Бондар Ольга ${marker};суддя;Lʼviv oblast;01.03.2025`,
      `Ткаченко Іван ${marker};прокурор;Ошская область;01.03.2025`,
    ].join('\n');
    const uaBody = (await upload('/imports/trainees?country=UA', admin, 'ua.csv', Buffer.from(ua))).json<ImportBody>();
    expect(problemsByRow(uaBody)).toEqual(new Map([[5, [['region', 'region_not_in_import_country']]]]));
    const hint = uaBody.report.rows[0].problems[0].message;
    expect(hint).toMatch(/UA-\d\d/);
    expect(hint).not.toContain('KG-');

    const tj = [
      'Ному насаб;Касб;Минтақа;Санаи розигӣ',
      `Раҳимов Ҷамшед ${marker};судя;вилояти Сугд;01.03.2025`,
      `Назарова Мадина ${marker};муфаттиш;вил. Суғд;01.03.2025`,
      `Каримов Фирӯз ${marker};прокурор;Sughd region;01.03.2025`,
      `Саидов Алишер ${marker};прокурор;Хатлонская обл;01.03.2025`,
    ].join('\n');
    const tjBody = (
      await upload('/imports/trainees?country=TJ', tjOfficer, 'tj.csv', Buffer.from(tj))
    ).json<ImportBody>();
    expect(tjBody.report.rows).toEqual([]);
    expect((await commit(tjBody.id, tjOfficer)).statusCode).toBe(200);
    expect((await commit(uaBody.id, admin)).statusCode).toBe(409);
    expect((await stored(marker)).map((t) => t.region_code)).toEqual(['TJ-SU', 'TJ-SU', 'TJ-SU', 'TJ-KT']);
  });

  it('refuses cells a spreadsheet would run as formulas, as a name or a text value, but keeps +996 phones', async () => {
    const marker = tag();
    const csv = [
      'ФИО;Профессия;Телефон;Организация;Дата согласия',
      `"=HYPERLINK(""http://evil.example"",""Иванов ${marker}"")";судья;;;01.03.2025`,
      `=cmd|' /C calc'!A0 ${marker};судья;;;01.03.2025`,
      `@SUM(1+1) ${marker};судья;;;01.03.2025`,
      `-Петров ${marker};судья;;;01.03.2025`,
      `Алиев Тимур ${marker};судья;+996 555 123 459;=1+1;01.03.2025`,
      `Алиева Асель ${marker};судья;=2+2;;01.03.2025`,
    ].join('\n');
    const body = (
      await upload('/imports/trainees?country=KG', ruOfficer, 'f.csv', Buffer.from(csv))
    ).json<ImportBody>();
    expect(problemsByRow(body)).toEqual(
      new Map([
        [2, [['full_name', 'formula_like']]],
        [3, [['full_name', 'formula_like']]],
        [4, [['full_name', 'formula_like']]],
        [5, [['full_name', 'formula_like']]],
        [6, [['organization', 'formula_like']]],
        [7, [['phone', 'formula_like']]],
      ]),
    );
    expect(body.report.rows[0].problems[0].message).toBe(
      'начинается с =, +, - или @, как формула таблицы: запишите само значение.',
    );
    expect(await stored(marker)).toEqual([]);
  });
});
