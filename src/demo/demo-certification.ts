import type { EntityManager } from 'typeorm';

const titles = (en: string, ru: string, ky: string, tg: string, uk: string) => ({ en, ru, ky, tg, uk });

/** The steps to national trainer (DOMAIN.md), as each demo country's requirement list. */
const REQUIREMENTS = [
  {
    code: 'tot_completed',
    titles: titles(
      'Complete the training of trainers',
      'Пройти курс подготовки тренеров',
      'Тренерлерди даярдоо курсунан өтүү',
      'Хатм кардани курси тайёркунии тренерон',
      'Пройти курс підготовки тренерів',
    ),
    deadlineDays: null,
  },
  {
    code: 'co_taught',
    titles: titles(
      'Co-teach an event with a trainer',
      'Провести тренинг в паре с тренером',
      'Тренингди тренер менен бирге өткөрүү',
      'Гузаронидани тренинг якҷоя бо тренер',
      'Провести тренінг разом із тренером',
    ),
    deadlineDays: 365,
  },
  {
    code: 'observed',
    titles: titles(
      'Pass an observation',
      'Пройти наблюдение',
      'Байкоодон өтүү',
      'Супоридани мушоҳида',
      'Пройти спостереження',
    ),
    deadlineDays: 545,
  },
];

/**
 * Each demo country without a list gets the three steps (lapse after 24 months); national trainers
 * who are active have passed all three, the others the training of trainers. Written once: a
 * second run finds the records and adds nothing. Countries outside the demo are left as they are,
 * so seeding never gives another country's program steps it did not choose.
 */
export async function seedCertification(
  manager: EntityManager,
  signerId: string,
  trainerIds: string[],
  countryCodes: string[],
) {
  const countries = await manager.query<{ code: string }[]>(
    `INSERT INTO certification_programs (country_code, lapse_months)
     SELECT code, 24 FROM countries WHERE code = ANY($1)
     ON CONFLICT (country_code) DO NOTHING RETURNING country_code AS code`,
    [countryCodes],
  );
  for (const { code } of countries) {
    for (const [index, requirement] of REQUIREMENTS.entries()) {
      await manager.query(
        `INSERT INTO certification_requirements (country_code, code, titles, required, position, deadline_days)
         VALUES ($1, $2, $3, true, $4, $5)`,
        [code, requirement.code, JSON.stringify(requirement.titles), index + 1, requirement.deadlineDays],
      );
    }
  }
  await manager.query(
    `WITH passed AS (
       INSERT INTO trainer_requirements (trainer_id, requirement_id, state, state_on, updated_by_id)
       SELECT t.id, r.id, 'passed', DATE '2024-03-01' + (row_number() OVER (ORDER BY t.id, r.position))::int, $1
         FROM trainers t
         JOIN certification_requirements r ON r.country_code = t.country_code
        WHERE t.level = 'national' AND t.id = ANY($2) AND (t.status = 'active' OR r.code = 'tot_completed')
       ON CONFLICT (trainer_id, requirement_id) DO NOTHING
       RETURNING id, state, state_on)
     INSERT INTO trainer_requirement_changes (trainer_requirement_id, kind, state, effective_on, actor_id)
     SELECT id, 'state', state, state_on, $1 FROM passed`,
    [signerId, trainerIds],
  );
}

/**
 * A quarter of the national trainers who passed everything were observed again in September 2025
 * and asked to repeat the observation, with a deadline extended once: the demo shows each state,
 * a deadline, an extension, and certified-trainer figures that change between periods.
 */
export async function seedRepeatedObservations(manager: EntityManager, signerId: string, trainerIds: string[]) {
  await manager.query(
    `WITH picked AS (
       SELECT id FROM (
         SELECT tr.id, row_number() OVER (ORDER BY tr.trainer_id) AS n
           FROM trainer_requirements tr
           JOIN certification_requirements r ON r.id = tr.requirement_id AND r.code = 'observed'
          WHERE tr.trainer_id = ANY($2) AND tr.state = 'passed') candidates
        WHERE n % 4 = 1
     ), asked AS (
       UPDATE trainer_requirements t
          SET state = 'repeat_requested', state_on = DATE '2025-09-15', deadline = DATE '2027-03-31',
              note = 'Повторить наблюдение: модуль о сборе анамнеза'
         FROM picked p WHERE t.id = p.id
       RETURNING t.id, t.note
     )
     INSERT INTO trainer_requirement_changes
       (trainer_requirement_id, kind, state, effective_on, previous_deadline, deadline, note, actor_id)
     SELECT id, 'state'::requirement_change_kind, 'repeat_requested'::requirement_state, DATE '2025-09-15', NULL::date, NULL::date, note, $1::uuid FROM asked
     UNION ALL
     SELECT id, 'extension', NULL, NULL, DATE '2026-12-31', DATE '2027-03-31', 'Нет тренинга в регионе до весны', $1 FROM asked`,
    [signerId, trainerIds],
  );
}
