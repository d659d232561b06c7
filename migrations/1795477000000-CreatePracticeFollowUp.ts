import type { MigrationInterface, QueryRunner } from 'typeorm';

type Texts = { en: string; ru: string; ky: string; tg: string; uk: string };

/** Doctors and psychologists who document torture and ill-treatment (DOMAIN.md's professions of that day). */
const MEDICAL = ['forensic_expert', 'psychiatrist', 'psychologist', 'general_physician', 'prison_medical_staff'];
/** Those who request, weigh or cite such evidence. */
const LEGAL = ['prosecutor', 'judge', 'defense_lawyer', 'investigator'];

/** The first version of the questions, as they were written on that day. */
const QUESTIONS: {
  key: string;
  kind: 'count' | 'yes_no' | 'choices' | 'text';
  professions: string[] | null;
  texts: Texts;
  choices?: { key: string; texts: Texts }[];
}[] = [
  {
    key: 'protocol_evaluations',
    kind: 'count',
    professions: MEDICAL,
    texts: {
      en: 'Since the training, how many evaluations have you documented following the Istanbul Protocol?',
      ru: 'Сколько освидетельствований вы задокументировали в соответствии со Стамбульским протоколом после обучения?',
      ky: 'Окуудан кийин Стамбул протоколуна ылайык канча текшерүүнү документтештирдиңиз?',
      tg: 'Пас аз омӯзиш шумо чанд муоинаро мувофиқи Протоколи Истанбул ҳуҷҷатгузорӣ кардед?',
      uk: 'Скільки обстежень ви задокументували відповідно до Стамбульського протоколу після навчання?',
    },
  },
  {
    key: 'protocol_structure_used',
    kind: 'yes_no',
    professions: MEDICAL,
    texts: {
      en: "Do you use the Protocol's structure or checklist in your reports?",
      ru: 'Используете ли вы структуру или контрольный перечень протокола в своих заключениях?',
      ky: 'Корутундуларыңызда протоколдун түзүмүн же текшерүү тизмесин колдоносузбу?',
      tg: 'Оё шумо сохтор ё рӯйхати санҷишии Протоколро дар хулосаҳои худ истифода мебаред?',
      uk: 'Чи використовуєте ви структуру або контрольний перелік протоколу у своїх висновках?',
    },
  },
  {
    key: 'evidence_cases',
    kind: 'count',
    professions: LEGAL,
    texts: {
      en: 'Since the training, in how many cases have you requested, used or cited evidence documented following the Istanbul Protocol?',
      ru: 'В скольких делах после обучения вы запрашивали, использовали или цитировали доказательства, задокументированные по Стамбульскому протоколу?',
      ky: 'Окуудан кийин канча иште Стамбул протоколу боюнча документтештирилген далилдерди сурадыңыз, колдондуңуз же шилтеме кылдыңыз?',
      tg: 'Пас аз омӯзиш дар чанд парванда шумо далелҳои мувофиқи Протоколи Истанбул ҳуҷҷатгузоришударо талаб, истифода ё иқтибос кардед?',
      uk: 'У скількох справах після навчання ви запитували, використовували або цитували докази, задокументовані за Стамбульським протоколом?',
    },
  },
  {
    key: 'obstacles',
    kind: 'choices',
    professions: null,
    texts: {
      en: 'Which obstacles have you met in applying the Protocol?',
      ru: 'С какими препятствиями вы столкнулись при применении протокола?',
      ky: 'Протоколду колдонууда кандай тоскоолдуктарга туш болдуңуз?',
      tg: 'Ҳангоми татбиқи Протокол бо кадом монеаҳо рӯ ба рӯ шудед?',
      uk: 'З якими перешкодами ви стикалися, застосовуючи протокол?',
    },
    choices: [
      {
        key: 'no_time',
        texts: {
          en: 'Not enough time for each case',
          ru: 'Не хватает времени на каждое дело',
          ky: 'Ар бир ишке убакыт жетишпейт',
          tg: 'Барои ҳар парванда вақт намерасад',
          uk: 'Бракує часу на кожну справу',
        },
      },
      {
        key: 'no_equipment',
        texts: {
          en: 'No equipment or premises for examinations',
          ru: 'Нет оборудования или помещений для освидетельствований',
          ky: 'Текшерүү үчүн жабдуу же жай жок',
          tg: 'Барои муоина таҷҳизот ё бино нест',
          uk: 'Немає обладнання чи приміщень для обстежень',
        },
      },
      {
        key: 'not_accepted',
        texts: {
          en: 'Reports following the Protocol are not accepted by institutions',
          ru: 'Учреждения не принимают заключения по протоколу',
          ky: 'Мекемелер протокол боюнча корутундуларды кабыл алышпайт',
          tg: 'Муассисаҳо хулосаҳои мувофиқи Протоколро қабул намекунанд',
          uk: 'Установи не приймають висновки за протоколом',
        },
      },
      {
        key: 'no_support',
        texts: {
          en: 'No support from my management',
          ru: 'Нет поддержки руководства',
          ky: 'Жетекчиликтин колдоосу жок',
          tg: 'Дастгирии роҳбарият нест',
          uk: 'Немає підтримки керівництва',
        },
      },
      {
        key: 'no_cases',
        texts: {
          en: 'No relevant cases since the training',
          ru: 'После обучения не было подходящих дел',
          ky: 'Окуудан кийин тиешелүү иштер болгон жок',
          tg: 'Пас аз омӯзиш парвандаҳои марбут набуданд',
          uk: 'Після навчання не було відповідних справ',
        },
      },
      {
        key: 'other',
        texts: { en: 'Other', ru: 'Другое', ky: 'Башка', tg: 'Дигар', uk: 'Інше' },
      },
    ],
  },
  {
    key: 'further_training',
    kind: 'yes_no',
    professions: null,
    texts: {
      en: 'Would you like further training on the Istanbul Protocol?',
      ru: 'Хотели бы вы пройти дополнительное обучение по Стамбульскому протоколу?',
      ky: 'Стамбул протоколу боюнча кошумча окуудан өтүүнү каалайсызбы?',
      tg: 'Оё мехоҳед оид ба Протоколи Истанбул омӯзиши иловагӣ гузаред?',
      uk: 'Чи хотіли б ви пройти додаткове навчання зі Стамбульського протоколу?',
    },
  },
  {
    key: 'comment',
    kind: 'text',
    professions: null,
    texts: {
      en: 'Anything else you want to tell the program? (optional)',
      ru: 'Что ещё вы хотели бы сообщить программе? (необязательно)',
      ky: 'Программага дагы эмне айткыңыз келет? (милдеттүү эмес)',
      tg: 'Боз чӣ мехоҳед ба барнома гӯед? (ихтиёрӣ)',
      uk: "Що ще ви хотіли б повідомити програмі? (необов'язково)",
    },
  },
];

/**
 * Practice follow-up after a training: each course's waves (months after an event's last day;
 * 3 and 6 for every course, existing or new, until an officer's data says otherwise), versioned
 * questions with their texts in the five languages and the professions they are asked of, one
 * personal link per completer and wave (only the token's SHA-256 and the nonce it is made from),
 * one answer per link, and opt-outs. A trainee who withdraws consent loses their links and opt-out,
 * and their answers stay in the figures with no link to them and no comment (the trigger below).
 */
export class CreatePracticeFollowUp1795477000000 implements MigrationInterface {
  name = 'CreatePracticeFollowUp1795477000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "follow_up_waves" (
         "course_id" uuid NOT NULL,
         "months_after" smallint NOT NULL,
         CONSTRAINT "follow_up_waves_pkey" PRIMARY KEY ("course_id", "months_after"),
         CONSTRAINT "follow_up_waves_months_check" CHECK ("months_after" BETWEEN 1 AND 60),
         CONSTRAINT "follow_up_waves_course_fkey" FOREIGN KEY ("course_id") REFERENCES "courses"("id") ON DELETE CASCADE
       )`,
    );
    await queryRunner.query(
      `INSERT INTO "follow_up_waves" ("course_id", "months_after") SELECT c.id, m FROM "courses" c, unnest('{3,6}'::smallint[]) m`,
    );
    await queryRunner.query(
      `CREATE FUNCTION "follow_up_default_waves"() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         INSERT INTO "follow_up_waves" ("course_id", "months_after") VALUES (NEW.id, 3), (NEW.id, 6);
         RETURN NEW;
       END $$`,
    );
    await queryRunner.query(
      `CREATE TRIGGER "courses_follow_up_waves" AFTER INSERT ON "courses"
         FOR EACH ROW EXECUTE FUNCTION "follow_up_default_waves"()`,
    );
    await queryRunner.query(
      `CREATE TYPE "public"."follow_up_question_kind" AS ENUM ('count', 'yes_no', 'choices', 'text')`,
    );
    await queryRunner.query(
      `CREATE TABLE "follow_up_questions" (
         "version" smallint NOT NULL,
         "key" character varying(40) NOT NULL,
         "position" smallint NOT NULL,
         "kind" "public"."follow_up_question_kind" NOT NULL,
         "professions" "public"."profession" array,
         "texts" jsonb NOT NULL,
         "choices" jsonb NOT NULL DEFAULT '[]',
         CONSTRAINT "follow_up_questions_pkey" PRIMARY KEY ("version", "key")
       )`,
    );
    for (const [index, question] of QUESTIONS.entries()) {
      await queryRunner.query(
        `INSERT INTO "follow_up_questions" ("version", "key", "position", "kind", "professions", "texts", "choices")
         VALUES (1, $1, $2, $3, $4::profession[], $5, $6)`,
        [
          question.key,
          index + 1,
          question.kind,
          question.professions,
          JSON.stringify(question.texts),
          JSON.stringify(question.choices ?? []),
        ],
      );
    }
    await queryRunner.query(
      `CREATE TABLE "follow_up_links" (
         "id" uuid NOT NULL DEFAULT gen_random_uuid(),
         "enrollment_id" uuid NOT NULL,
         "months_after" smallint NOT NULL,
         "nonce" bytea NOT NULL,
         "token_hash" character(64) NOT NULL,
         "opened_at" TIMESTAMP WITH TIME ZONE NOT NULL,
         "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL,
         CONSTRAINT "follow_up_links_pkey" PRIMARY KEY ("id"),
         CONSTRAINT "follow_up_links_wave_key" UNIQUE ("enrollment_id", "months_after"),
         CONSTRAINT "follow_up_links_token_hash_key" UNIQUE ("token_hash"),
         CONSTRAINT "follow_up_links_enrollment_fkey" FOREIGN KEY ("enrollment_id") REFERENCES "enrollments"("id") ON DELETE CASCADE
       )`,
    );
    await queryRunner.query(
      `CREATE TABLE "follow_up_answers" (
         "id" uuid NOT NULL DEFAULT gen_random_uuid(),
         "link_id" uuid,
         "event_id" uuid NOT NULL,
         "months_after" smallint NOT NULL,
         "profession" "public"."profession" NOT NULL,
         "question_version" smallint NOT NULL,
         "answers" jsonb NOT NULL,
         "comment" character varying(500),
         "channel" character varying(10) NOT NULL,
         "collected_by" uuid,
         "answered_at" TIMESTAMP WITH TIME ZONE NOT NULL,
         CONSTRAINT "follow_up_answers_pkey" PRIMARY KEY ("id"),
         CONSTRAINT "follow_up_answers_link_key" UNIQUE ("link_id"),
         CONSTRAINT "follow_up_answers_channel_check" CHECK ("channel" IN ('link', 'phone', 'paper')),
         CONSTRAINT "follow_up_answers_link_fkey" FOREIGN KEY ("link_id") REFERENCES "follow_up_links"("id") ON DELETE SET NULL,
         CONSTRAINT "follow_up_answers_event_fkey" FOREIGN KEY ("event_id") REFERENCES "training_events"("id") ON DELETE CASCADE,
         CONSTRAINT "follow_up_answers_collected_by_fkey" FOREIGN KEY ("collected_by") REFERENCES "users"("id") ON DELETE SET NULL
       )`,
    );
    await queryRunner.query(
      `CREATE INDEX "follow_up_answers_event_idx" ON "follow_up_answers" ("event_id", "months_after")`,
    );
    await queryRunner.query(
      `CREATE TABLE "follow_up_opt_outs" (
         "trainee_id" uuid NOT NULL,
         "opted_out_at" TIMESTAMP WITH TIME ZONE NOT NULL,
         CONSTRAINT "follow_up_opt_outs_pkey" PRIMARY KEY ("trainee_id"),
         CONSTRAINT "follow_up_opt_outs_trainee_fkey" FOREIGN KEY ("trainee_id") REFERENCES "trainees"("id") ON DELETE CASCADE
       )`,
    );
    await queryRunner.query(
      `CREATE FUNCTION "follow_up_forget_trainee"() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         UPDATE follow_up_answers SET link_id = NULL, comment = NULL
          WHERE link_id IN (SELECT l.id FROM follow_up_links l JOIN enrollments en ON en.id = l.enrollment_id
                             WHERE en.trainee_id = NEW.id);
         DELETE FROM follow_up_links
          WHERE enrollment_id IN (SELECT id FROM enrollments WHERE trainee_id = NEW.id);
         DELETE FROM follow_up_opt_outs WHERE trainee_id = NEW.id;
         RETURN NEW;
       END $$`,
    );
    await queryRunner.query(
      `CREATE TRIGGER "trainees_consent_withdrawn_follow_up" AFTER UPDATE OF "consent_withdrawn_at" ON "trainees"
         FOR EACH ROW WHEN (OLD.consent_withdrawn_at IS NULL AND NEW.consent_withdrawn_at IS NOT NULL)
         EXECUTE FUNCTION "follow_up_forget_trainee"()`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER "trainees_consent_withdrawn_follow_up" ON "trainees"`);
    await queryRunner.query(`DROP FUNCTION "follow_up_forget_trainee"()`);
    await queryRunner.query(`DROP TABLE "follow_up_opt_outs"`);
    await queryRunner.query(`DROP TABLE "follow_up_answers"`);
    await queryRunner.query(`DROP TABLE "follow_up_links"`);
    await queryRunner.query(`DROP TABLE "follow_up_questions"`);
    await queryRunner.query(`DROP TYPE "public"."follow_up_question_kind"`);
    await queryRunner.query(`DROP TRIGGER "courses_follow_up_waves" ON "courses"`);
    await queryRunner.query(`DROP FUNCTION "follow_up_default_waves"()`);
    await queryRunner.query(`DROP TABLE "follow_up_waves"`);
  }
}
