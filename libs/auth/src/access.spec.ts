import { assertCanAccess, canSee, countryScope } from './access.js';
import type { AuthUser } from './auth-user.js';
import { Permission, Role } from './roles.js';

const user = (role: Role, countries: string[], id = `${role}-1`): AuthUser => ({
  id,
  email: `${id}@example.org`,
  displayName: id,
  role,
  countries,
  locale: 'en',
  via: 'bearer',
});

describe('canSee', () => {
  const admin = user(Role.Admin, []);
  const kgOfficer = user(Role.ProgramOfficer, ['KG']);
  const trainer = user(Role.Trainer, ['KG'], 'trainer-a');
  const donor = user(Role.Donor, ['KG', 'TJ']);

  it('lets admins see everything', () => {
    expect(canSee(admin, { countryCode: 'UA', personal: true, trainerUserIds: [] })).toBe(true);
  });

  it('keeps officers to their countries', () => {
    expect(canSee(kgOfficer, { countryCode: 'KG' })).toBe(true);
    expect(canSee(kgOfficer, { countryCode: 'TJ' })).toBe(false);
    expect(canSee(kgOfficer, { countryCode: null })).toBe(false);
  });

  it('keeps trainers to the events they teach', () => {
    expect(canSee(trainer, { countryCode: 'KG', trainerUserIds: ['trainer-a', 'trainer-b'] })).toBe(true);
    expect(canSee(trainer, { countryCode: 'KG', trainerUserIds: ['trainer-b'] })).toBe(false);
  });

  it('never shows donors a personal record, even in their countries', () => {
    expect(canSee(donor, { countryCode: 'KG' })).toBe(true);
    expect(canSee(donor, { countryCode: 'KG', personal: true })).toBe(false);
  });
});

describe('assertCanAccess', () => {
  it('answers a missing permission with 403 and a record out of scope with 404', () => {
    const donor = user(Role.Donor, ['KG']);
    expect(() => assertCanAccess(donor, Permission.UsersManage, {})).toThrow(
      expect.objectContaining({ status: 403, code: 'forbidden' }),
    );
    expect(() => assertCanAccess(donor, Permission.CountriesRead, { countryCode: 'UA' })).toThrow(
      expect.objectContaining({ status: 404, code: 'not_found' }),
    );
    expect(() => assertCanAccess(donor, Permission.CountriesRead, { countryCode: 'KG' })).not.toThrow();
  });
});

describe('countryScope', () => {
  it('is every country for an admin and the listed ones for anyone else', () => {
    expect(countryScope(user(Role.Admin, []))).toBeNull();
    expect(countryScope(user(Role.Trainer, ['TJ']))).toEqual(['TJ']);
  });
});
