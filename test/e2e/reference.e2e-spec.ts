import { Role } from '@cascade/auth';

import { seedDemoData } from '../../src/demo/demo-data.js';
import { createUser } from '../factories/users.js';
import { bearer, signIn } from '../support/auth.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

describe('regions and organizations', () => {
  let app: TestApp;
  let admin: Record<string, string>;
  let kgOfficer: Record<string, string>;
  let tjOfficer: Record<string, string>;
  let donor: Record<string, string>;

  beforeAll(async () => {
    app = await startTestApp();
    await seedDemoData(app.dataSource);
    const token = async (role: Role, countries: string[], locale = 'en') =>
      bearer((await signIn(app, await createUser(app.dataSource, { role, countries, locale }))).accessToken);
    admin = await token(Role.Admin, []);
    kgOfficer = await token(Role.ProgramOfficer, ['KG'], 'ky');
    tjOfficer = await token(Role.ProgramOfficer, ['TJ']);
    donor = await token(Role.Donor, ['UA'], 'uk');
  });
  afterAll(() => app.close());

  const createOrganization = (headers: Record<string, string>, payload: object) =>
    app.request({ method: 'POST', url: '/organizations', headers, payload });

  it("lists the regions of the caller's countries, named in the caller's language", async () => {
    const res = await app.request({ method: 'GET', url: '/regions', headers: kgOfficer });
    expect(res.statusCode).toBe(200);
    const regions = res.json<{ code: string; countryCode: string; name: string }[]>();
    expect(new Set(regions.map((r) => r.countryCode))).toEqual(new Set(['KG']));
    expect(regions).toContainEqual({ code: 'KG-Y', countryCode: 'KG', name: 'Ысык-Көл облусу' });

    const filtered = await app.request({ method: 'GET', url: '/regions?country=TJ', headers: kgOfficer });
    expect(filtered.json()).toEqual([]);
    const all = await app.request({ method: 'GET', url: '/regions?country=TJ', headers: admin });
    expect(all.json<unknown[]>()).toHaveLength(5);
  });

  it('lets an officer add an organisation in their country, audited, with its type named in their language', async () => {
    const res = await createOrganization(kgOfficer, {
      name: '  Нарынская   областная больница ',
      type: 'hospital',
      countryCode: 'KG',
      regionCode: 'KG-N',
    });
    expect(res.statusCode).toBe(201);
    const organization = res.json();
    expect(organization).toMatchObject({
      name: 'Нарынская областная больница',
      type: 'hospital',
      typeLabel: 'Оорукана же клиника',
      countryCode: 'KG',
      regionCode: 'KG-N',
    });
    const [row] = await app.dataSource.query<{ action: string; values: Record<string, unknown> }[]>(
      `SELECT action, "values" FROM audit_log WHERE entity_type = 'organization' AND entity_id = $1`,
      [organization.id],
    );
    expect(row).toMatchObject({ action: 'create', values: { name: 'Нарынская областная больница', type: 'hospital' } });
  });

  it("refuses an organisation outside the officer's countries, or in a region of another country", async () => {
    const outside = await createOrganization(kgOfficer, { name: 'Суд', type: 'court', countryCode: 'TJ' });
    expect(outside.statusCode).toBe(400);
    expect(outside.json().errors).toEqual([
      { field: 'countryCode', code: 'country_out_of_scope', message: 'сиздин өлкөлөрүңүзгө кирбейт.' },
    ]);
    const mismatch = await createOrganization(admin, {
      name: 'Суд',
      type: 'court',
      countryCode: 'KG',
      regionCode: 'TJ-SU',
    });
    expect(mismatch.statusCode).toBe(400);
    expect(mismatch.json().errors[0]).toMatchObject({ field: 'regionCode', code: 'region_not_in_country' });
    const badType = await createOrganization(admin, { name: 'Суд', type: 'tribunal', countryCode: 'KG' });
    expect(badType.json().errors[0]).toMatchObject({ field: 'type', code: 'isEnum' });
  });

  it('answers 404 for an organisation in another country, as for one that does not exist', async () => {
    const tjOrganization = (
      await createOrganization(tjOfficer, { name: 'Суд города Худжанд', type: 'court', countryCode: 'TJ' })
    ).json();
    const hidden = await app.request({ method: 'GET', url: `/organizations/${tjOrganization.id}`, headers: kgOfficer });
    const missing = await app.request({
      method: 'GET',
      url: '/organizations/00000000-0000-4000-8000-000000000000',
      headers: kgOfficer,
    });
    expect(hidden.statusCode).toBe(404);
    expect({ ...hidden.json(), requestId: null }).toEqual({ ...missing.json(), requestId: null });
    const edit = await app.request({
      method: 'PATCH',
      url: `/organizations/${tjOrganization.id}`,
      headers: kgOfficer,
      payload: { name: 'Renamed' },
    });
    expect(edit.statusCode).toBe(404);
  });

  it('pages and filters the list in the caller’s scope; donors may read it but not change it', async () => {
    const page = await app.request({
      method: 'GET',
      url: '/organizations?type=forensic_bureau&limit=1',
      headers: donor,
    });
    expect(page.statusCode).toBe(200);
    const body = page.json();
    expect(body.total).toBeGreaterThanOrEqual(2);
    expect(body.items).toHaveLength(1);
    expect(body.items[0]).toMatchObject({ countryCode: 'UA', typeLabel: 'Бюро судово-медичної експертизи' });

    const search = await app.request({ method: 'GET', url: '/organizations?search=Ошск', headers: kgOfficer });
    expect(search.json().items.map((o: { name: string }) => o.name)).toContain(
      'Ошское областное бюро судебно-медицинской экспертизы',
    );

    const write = await createOrganization(donor, { name: 'ГО', type: 'ngo', countryCode: 'UA' });
    expect(write.statusCode).toBe(403);
  });
});
