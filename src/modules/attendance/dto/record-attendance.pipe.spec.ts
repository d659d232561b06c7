import 'reflect-metadata';

import { randomUUID } from 'node:crypto';

import type { ArgumentMetadata } from '@nestjs/common';

import { AppException, createValidationPipe } from '@cascade/common';

import { RecordAttendanceDto } from './attendance.dto.js';
import { plainRoster, RecordAttendancePipe } from './record-attendance.pipe.js';

const BODY: ArgumentMetadata = { type: 'body', metatype: RecordAttendanceDto };
const full = createValidationPipe();

/** What the one validation pipe makes of a body: accepted, or the fields it names. */
async function fullPipe(body: unknown): Promise<'accepted' | string[]> {
  try {
    await full.transform(body, BODY);
    return 'accepted';
  } catch (error) {
    if (!(error instanceof AppException)) throw error;
    return error.fieldErrors.map((e) => e.field);
  }
}

const mark = (overrides: Record<string, unknown> = {}) => ({
  id: randomUUID(),
  traineeId: randomUUID(),
  status: 'present',
  markedAt: '2026-03-02T09:15:00.000Z',
  ...overrides,
});

/** Small random changes to a right body, each of which the decorators may or may not accept. */
const VARIANTS: Record<string, unknown>[] = [
  {},
  { note: 'arrived after the break' },
  { note: '' },
  { note: 'x'.repeat(500) },
  { note: 'x'.repeat(501) },
  { note: 'line\nbreak' },
  { note: 'nul\u0000' },
  { note: null },
  { note: 5 },
  { status: 'late' },
  { status: 'asleep' },
  { status: 'PRESENT' },
  { id: 'not-a-uuid' },
  { id: '00000000-0000-0000-0000-000000000000' },
  { id: 'A1B2C3D4-E5F6-4A7B-8C9D-0E1F2A3B4C5D' },
  { traineeId: 42 },
  { traineeId: '6f1c2b9e-3d4a-0b5c-8d7e-1f2a3b4c5d6e' },
  { markedAt: '2026-02-29T09:15:00Z' },
  { markedAt: '2028-02-29T09:15:00Z' },
  { markedAt: '2026-04-31T09:15:00Z' },
  { markedAt: '2026-03-02T24:00:00Z' },
  { markedAt: '2026-03-02T09:15:00+05:00' },
  { markedAt: '2026-03-02T09:15:00.123456789-03:30' },
  { markedAt: '2026-03-02 09:15:00Z' },
  { markedAt: '2026-03-02T09:15Z' },
  { markedAt: '2026-03-02' },
  { markedAt: 1772442900000 },
  { extra: true },
  { markedAt: undefined },
];

describe('plainRoster (the roster body taken without class-validator)', () => {
  it('takes the bodies a phone sends: 30 marks, with and without notes', async () => {
    const body = { marks: Array.from({ length: 30 }, (_, i) => mark(i % 3 ? {} : { note: 'late bus' })) };
    expect(plainRoster(body)).toBe(body);
    expect(await fullPipe(body)).toBe('accepted');
  });

  it('never takes a body the decorators refuse', async () => {
    const bodies: unknown[] = [
      null,
      [],
      'marks',
      { marks: [] },
      { marks: {} },
      { marks: Array.from({ length: 201 }, () => mark()) },
      { marks: [mark()], other: 1 },
      { marks: [null] },
      { marks: [[mark()]] },
      ...VARIANTS.map((variant) => ({ marks: [mark(), mark(variant)] })),
    ];
    for (const body of bodies) {
      if (plainRoster(body) !== null) expect([body, await fullPipe(body)]).toEqual([body, 'accepted']);
    }
    // It does take most of the right ones.
    const taken = VARIANTS.filter((variant) => plainRoster({ marks: [mark(variant)] }) !== null);
    expect(taken.length).toBeGreaterThanOrEqual(8);
  });

  it('leaves the rest to the one validation pipe, which names each field', async () => {
    const pipe = new RecordAttendancePipe();
    const body = { marks: [mark(), mark({ status: 'asleep' }), mark({ note: 'x'.repeat(501) })] };
    const refused = await pipe.transform(body, { type: 'body', metatype: Object }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(AppException);
    expect((refused as AppException).fieldErrors).toMatchObject([
      { field: 'marks.1.status', code: 'isEnum', messageKey: 'validation.isEnum' },
      { field: 'marks.2.note', code: 'maxLength', messageKey: 'validation.maxLength', params: { count: 500 } },
    ]);
    // A body that is right but not plain (a note of null) still passes, as the decorators allow it.
    const withNull = { marks: [mark({ note: null })] };
    expect(plainRoster(withNull)).toBeNull();
    expect(await pipe.transform(withNull, { type: 'body', metatype: Object })).toMatchObject(withNull);
  });
});
