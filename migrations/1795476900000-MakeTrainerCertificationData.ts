import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Trainer certification becomes data: each country's program (Cascade has no program record: a
 * country runs one) lists its requirements, each with titles in the five languages, a required
 * flag, an order and an optional deadline in days, and says after how many months without
 * teaching or a refresher a certified trainer lapses. Each trainer has a state per requirement
 * (not evaluated, passed, failed, asked to repeat), a deadline that can be extended, and a history
 * of both, from which `trainer_certification_at(date)` tells who was certified on any day.
 *
 * The three fixed steps move in: every existing country gets them as its list (required, in their
 * order, no deadline; lapse after 24 months), and every step signed off becomes "passed" on its
 * day, by whoever signed it, with its event and note, in the history too. The titles are copied
 * here as data of this day; officers edit them afterwards.
 */
export class MakeTrainerCertificationData1795476900000 implements MigrationInterface {
  name = 'MakeTrainerCertificationData1795476900000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "certification_programs" ("country_code" character(2) NOT NULL, "lapse_months" smallint, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "certification_programs_lapse_check" CHECK ("lapse_months" BETWEEN 1 AND 120), CONSTRAINT "PK_f558029760851d9b37440b2d9b3" PRIMARY KEY ("country_code"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "certification_requirements" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "country_code" character(2) NOT NULL, "code" character varying(40) NOT NULL, "titles" jsonb NOT NULL, "required" boolean NOT NULL DEFAULT true, "position" smallint NOT NULL, "deadline_days" smallint, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "certification_requirements_code_key" UNIQUE ("country_code", "code"), CONSTRAINT "certification_requirements_deadline_check" CHECK ("deadline_days" BETWEEN 1 AND 3650), CONSTRAINT "PK_374513cdd1fcea2ebfc415d8989" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "trainer_refreshers" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "trainer_id" uuid NOT NULL, "completed_on" date NOT NULL, "event_id" uuid, "note" character varying(500), "recorded_by_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_9c9926a7408e571b3c679c3c3c4" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "trainer_refreshers_trainer_idx" ON "trainer_refreshers"  ("trainer_id", "completed_on") `,
    );
    await queryRunner.query(
      `CREATE TYPE "public"."requirement_state" AS ENUM('not_evaluated', 'passed', 'failed', 'repeat_requested')`,
    );
    await queryRunner.query(
      `CREATE TABLE "trainer_requirements" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "trainer_id" uuid NOT NULL, "requirement_id" uuid NOT NULL, "state" "public"."requirement_state" NOT NULL DEFAULT 'not_evaluated', "state_on" date, "deadline" date, "note" character varying(500), "updated_by_id" uuid NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "trainer_requirements_key" UNIQUE ("trainer_id", "requirement_id"), CONSTRAINT "PK_d058c99590fc5ed1dff75d26d86" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE TYPE "public"."requirement_change_kind" AS ENUM('state', 'extension')`);
    await queryRunner.query(
      `CREATE TABLE "trainer_requirement_changes" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "trainer_requirement_id" uuid NOT NULL, "kind" "public"."requirement_change_kind" NOT NULL, "state" "public"."requirement_state", "effective_on" date, "previous_deadline" date, "deadline" date, "event_id" uuid, "note" character varying(500), "actor_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_db2fb0659326c84be88a339c13c" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "trainer_requirement_changes_effective_idx" ON "trainer_requirement_changes"  ("trainer_requirement_id", "effective_on") `,
    );
    const foreignKeys: [string, string, string, string, string][] = [
      ['certification_programs', 'certification_programs_country_fkey', 'country_code', 'countries"("code', 'CASCADE'],
      [
        'certification_requirements',
        'certification_requirements_program_fkey',
        'country_code',
        'certification_programs"("country_code',
        'CASCADE',
      ],
      ['trainer_refreshers', 'trainer_refreshers_trainer_fkey', 'trainer_id', 'trainers"("id', 'CASCADE'],
      ['trainer_refreshers', 'trainer_refreshers_recorded_by_fkey', 'recorded_by_id', 'users"("id', 'RESTRICT'],
      ['trainer_refreshers', 'trainer_refreshers_event_fkey', 'event_id', 'training_events"("id', 'SET NULL'],
      ['trainer_requirements', 'trainer_requirements_trainer_fkey', 'trainer_id', 'trainers"("id', 'CASCADE'],
      [
        'trainer_requirements',
        'trainer_requirements_requirement_fkey',
        'requirement_id',
        'certification_requirements"("id',
        'RESTRICT',
      ],
      ['trainer_requirements', 'trainer_requirements_updated_by_fkey', 'updated_by_id', 'users"("id', 'RESTRICT'],
      [
        'trainer_requirement_changes',
        'trainer_requirement_changes_requirement_fkey',
        'trainer_requirement_id',
        'trainer_requirements"("id',
        'CASCADE',
      ],
      ['trainer_requirement_changes', 'trainer_requirement_changes_actor_fkey', 'actor_id', 'users"("id', 'RESTRICT'],
      [
        'trainer_requirement_changes',
        'trainer_requirement_changes_event_fkey',
        'event_id',
        'training_events"("id',
        'SET NULL',
      ],
    ];
    for (const [table, name, column, target, onDelete] of foreignKeys) {
      await queryRunner.query(
        `ALTER TABLE "${table}" ADD CONSTRAINT "${name}" FOREIGN KEY ("${column}") REFERENCES "${target}") ON DELETE ${onDelete} ON UPDATE NO ACTION`,
      );
    }

    await this.moveFixedSteps(queryRunner);
    await queryRunner.query(`DROP TABLE "trainer_certification_steps"`);
    await queryRunner.query(`DROP TYPE "public"."certification_step_kind"`);
    await queryRunner.query(CERTIFICATION_AT_FUNCTION);
  }

  /** The three steps as every existing country's list; each sign-off as "passed", with its history. */
  private async moveFixedSteps(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `INSERT INTO certification_programs (country_code, lapse_months) SELECT code, 24 FROM countries`,
    );
    await queryRunner.query(
      `INSERT INTO certification_requirements (country_code, code, titles, required, position)
       SELECT c.code, s.code, s.titles, true, s.position FROM countries c CROSS JOIN (VALUES ${FIXED_STEPS}) AS s (code, titles, position)`,
    );
    await queryRunner.query(
      `INSERT INTO trainer_requirements (trainer_id, requirement_id, state, state_on, note, updated_by_id, updated_at)
       SELECT cs.trainer_id, r.id, 'passed', cs.completed_on, cs.note, cs.signed_off_by_id, cs.created_at
         FROM trainer_certification_steps cs
         JOIN trainers t ON t.id = cs.trainer_id
         JOIN certification_requirements r ON r.country_code = t.country_code AND r.code = cs.step::text`,
    );
    await queryRunner.query(
      `INSERT INTO trainer_requirement_changes (trainer_requirement_id, kind, state, effective_on, event_id, note, actor_id, created_at)
       SELECT tr.id, 'state', 'passed', cs.completed_on, cs.event_id, cs.note, cs.signed_off_by_id, cs.created_at
         FROM trainer_certification_steps cs
         JOIN trainers t ON t.id = cs.trainer_id
         JOIN certification_requirements r ON r.country_code = t.country_code AND r.code = cs.step::text
         JOIN trainer_requirements tr ON tr.trainer_id = cs.trainer_id AND tr.requirement_id = r.id`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP FUNCTION "trainer_certification_at"(date)`);
    await queryRunner.query(
      `CREATE TYPE "public"."certification_step_kind" AS ENUM('tot_completed', 'co_taught', 'observed')`,
    );
    await queryRunner.query(
      `CREATE TABLE "trainer_certification_steps" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "trainer_id" uuid NOT NULL, "step" "public"."certification_step_kind" NOT NULL, "completed_on" date NOT NULL, "signed_off_by_id" uuid NOT NULL, "event_id" uuid, "note" character varying(500), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "trainer_certification_steps_key" UNIQUE ("trainer_id", "step"), CONSTRAINT "PK_2171896e8429fea63e9bbd0919b" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `ALTER TABLE "trainer_certification_steps" ADD CONSTRAINT "FK_8aa9c7705a81023d97d0280779b" FOREIGN KEY ("trainer_id") REFERENCES "trainers"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "trainer_certification_steps" ADD CONSTRAINT "FK_ab40e0a405a991b663de0a48f52" FOREIGN KEY ("signed_off_by_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "trainer_certification_steps" ADD CONSTRAINT "FK_0b50d0f98a3235ff1cdbc7daa91" FOREIGN KEY ("event_id") REFERENCES "training_events"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    // What the old model can hold: the three steps' passes, with the latest pass's event.
    await queryRunner.query(
      `INSERT INTO trainer_certification_steps (trainer_id, step, completed_on, signed_off_by_id, event_id, note, created_at)
       SELECT tr.trainer_id, r.code::certification_step_kind, tr.state_on, tr.updated_by_id,
              (SELECT c.event_id FROM trainer_requirement_changes c WHERE c.trainer_requirement_id = tr.id AND c.kind = 'state'
                ORDER BY c.effective_on DESC, c.created_at DESC LIMIT 1),
              tr.note, tr.updated_at
         FROM trainer_requirements tr
         JOIN certification_requirements r ON r.id = tr.requirement_id
        WHERE tr.state = 'passed' AND tr.state_on IS NOT NULL AND r.code IN ('tot_completed', 'co_taught', 'observed')`,
    );
    for (const table of [
      'trainer_requirement_changes',
      'trainer_requirements',
      'trainer_refreshers',
      'certification_requirements',
      'certification_programs',
    ]) {
      await queryRunner.query(`DROP TABLE "${table}"`);
    }
    await queryRunner.query(`DROP TYPE "public"."requirement_change_kind"`);
    await queryRunner.query(`DROP TYPE "public"."requirement_state"`);
  }
}

const titles = (en: string, ru: string, ky: string, tg: string, uk: string) =>
  `'${JSON.stringify({ en, ru, ky, tg, uk }).replace(/'/g, "''")}'::jsonb`;

const FIXED_STEPS = [
  `('tot_completed', ${titles(
    'Complete the training of trainers',
    'Пройти курс подготовки тренеров',
    'Тренерлерди даярдоо курсунан өтүү',
    'Хатм кардани курси тайёркунии тренерон',
    'Пройти курс підготовки тренерів',
  )}, 1)`,
  `('co_taught', ${titles(
    'Co-teach an event with a trainer',
    'Провести тренинг в паре с тренером',
    'Тренингди тренер менен бирге өткөрүү',
    'Гузаронидани тренинг якҷоя бо тренер',
    'Провести тренінг разом із тренером',
  )}, 2)`,
  `('observed', ${titles(
    'Pass an observation',
    'Пройти наблюдение',
    'Байкоодон өтүү',
    'Супоридани мушоҳида',
    'Пройти спостереження',
  )}, 3)`,
].join(', ');

/**
 * Who is certified on a day, for every trainer: each required requirement of the country's list
 * passed (the latest state change taking effect on or before the day), and not lapsed — the day
 * falls within `lapse_months` of the latest of: the day the last requirement was passed, a
 * session they taught (event not cancelled), a refresher. Reports and pages pass the day they are
 * about, so a past period is read as it was. A country without a list certifies nobody.
 */
const CERTIFICATION_AT_FUNCTION = `
CREATE FUNCTION "trainer_certification_at"(p_on date)
RETURNS TABLE (trainer_id uuid, certified boolean, requirements_met boolean, met_on date, last_active_on date, lapses_on date)
LANGUAGE sql STABLE AS $fn$
  WITH state_at AS (
    SELECT DISTINCT ON (tr.id) tr.trainer_id, tr.requirement_id, c.state, c.effective_on
      FROM trainer_requirements tr
      JOIN trainer_requirement_changes c ON c.trainer_requirement_id = tr.id
     WHERE c.kind = 'state' AND c.effective_on <= p_on
     ORDER BY tr.id, c.effective_on DESC, c.created_at DESC
  ), met AS (
    SELECT t.id AS trainer_id, p.lapse_months,
           count(r.id) > 0 AND count(r.id) = count(s.requirement_id) FILTER (WHERE s.state = 'passed') AS requirements_met,
           max(s.effective_on) FILTER (WHERE s.state = 'passed') AS met_on
      FROM trainers t
      LEFT JOIN certification_programs p ON p.country_code = t.country_code
      LEFT JOIN certification_requirements r ON r.country_code = p.country_code AND r.required
      LEFT JOIN state_at s ON s.trainer_id = t.id AND s.requirement_id = r.id
     GROUP BY t.id, p.lapse_months
  ), active AS (
    SELECT m.*,
           CASE WHEN m.requirements_met THEN greatest(
             m.met_on,
             (SELECT max(se.date) FROM event_teachers et
                JOIN training_events e ON e.id = et.event_id AND e.status <> 'cancelled'
                JOIN training_sessions se ON se.event_id = e.id
               WHERE et.trainer_id = m.trainer_id AND se.date <= p_on),
             (SELECT max(rf.completed_on) FROM trainer_refreshers rf
               WHERE rf.trainer_id = m.trainer_id AND rf.completed_on <= p_on)
           ) END AS last_active_on
      FROM met m
  )
  SELECT a.trainer_id,
         a.requirements_met AND (a.lapse_months IS NULL
           OR p_on < (a.last_active_on + make_interval(months => a.lapse_months))::date),
         a.requirements_met,
         CASE WHEN a.requirements_met THEN a.met_on END,
         a.last_active_on,
         (a.last_active_on + make_interval(months => a.lapse_months))::date
    FROM active a
$fn$`;
