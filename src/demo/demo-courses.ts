import type { Locale } from '@cascade/i18n';

/** The demo's curriculum: the program's courses, their modules and pass rules, in the five languages. */

export type Text = Record<Locale, string>;
const t = (en: string, ru: string, ky: string, tg: string, uk: string): Text => ({ en, ru, ky, tg, uk });

export interface CourseSeed {
  key: string;
  titles: Text;
  descriptions: Text;
  professions: string[];
  modules: { titles: Text; hours: number }[];
  minPostScore: number | null;
  validityMonths: number | null;
}

const MODULE_STANDARDS = t(
  'The Istanbul Protocol and international standards',
  'Стамбульский протокол и международные стандарты',
  'Стамбул протоколу жана эл аралык стандарттар',
  'Протоколи Истанбул ва стандартҳои байналмилалӣ',
  'Стамбульський протокол і міжнародні стандарти',
);

export const COURSES: CourseSeed[] = [
  {
    key: 'medical',
    titles: t(
      'Istanbul Protocol: medical documentation of torture',
      'Стамбульский протокол: медицинское документирование пыток',
      'Стамбул протоколу: кыйноолорду медициналык жактан документтештирүү',
      'Протоколи Истанбул: ҳуҷҷатгузории тиббии шиканҷа',
      'Стамбульський протокол: медичне документування катувань',
    ),
    descriptions: t(
      'How forensic and medical experts examine and document physical evidence of torture.',
      'Как судебно-медицинские эксперты и врачи обследуют и документируют физические признаки пыток.',
      'Соттук-медициналык эксперттер жана дарыгерлер кыйноонун физикалык белгилерин кантип текшерип, документтештирет.',
      'Чӣ тавр коршиносони тиббии судӣ ва табибон нишонаҳои ҷисмонии шиканҷаро муоина ва ҳуҷҷатгузорӣ мекунанд.',
      'Як судово-медичні експерти й лікарі обстежують і документують фізичні ознаки катувань.',
    ),
    professions: ['forensic_expert', 'general_physician', 'prison_medical_staff'],
    modules: [
      { titles: MODULE_STANDARDS, hours: 4 },
      {
        titles: t(
          'Medical evaluation of physical evidence',
          'Медицинская оценка физических доказательств',
          'Физикалык далилдерди медициналык баалоо',
          'Арзёбии тиббии далелҳои ҷисмонӣ',
          'Медична оцінка фізичних доказів',
        ),
        hours: 8,
      },
      {
        titles: t(
          'Writing the medico-legal report',
          'Составление судебно-медицинского заключения',
          'Соттук-медициналык корутунду түзүү',
          'Таҳияи хулосаи тиббии судӣ',
          'Складання судово-медичного висновку',
        ),
        hours: 6,
      },
    ],
    minPostScore: 70,
    validityMonths: 36,
  },
  {
    key: 'psychological',
    titles: t(
      'Istanbul Protocol: psychological evaluation of torture survivors',
      'Стамбульский протокол: психологическая оценка пострадавших от пыток',
      'Стамбул протоколу: кыйноодон жапа чеккендерди психологиялык баалоо',
      'Протоколи Истанбул: арзёбии равонии ҷабрдидагони шиканҷа',
      'Стамбульський протокол: психологічна оцінка постраждалих від катувань',
    ),
    descriptions: t(
      'Interviewing, assessing and reporting the psychological consequences of torture.',
      'Интервью, оценка и описание психологических последствий пыток.',
      'Кыйноонун психологиялык кесепеттерин интервью алуу, баалоо жана сүрөттөө.',
      'Мусоҳиба, арзёбӣ ва тавсифи оқибатҳои равонии шиканҷа.',
      'Інтерв’ю, оцінка й опис психологічних наслідків катувань.',
    ),
    professions: ['psychologist', 'psychiatrist'],
    modules: [
      { titles: MODULE_STANDARDS, hours: 4 },
      {
        titles: t(
          'The clinical interview and trauma',
          'Клиническое интервью и травма',
          'Клиникалык интервью жана травма',
          'Мусоҳибаи клиникӣ ва осеби равонӣ',
          'Клінічне інтерв’ю та травма',
        ),
        hours: 8,
      },
      {
        titles: t(
          'The psychological evaluation report',
          'Заключение психологической оценки',
          'Психологиялык баалоонун корутундусу',
          'Хулосаи арзёбии равонӣ',
          'Висновок психологічної оцінки',
        ),
        hours: 6,
      },
    ],
    minPostScore: 70,
    validityMonths: 36,
  },
  {
    key: 'legal',
    titles: t(
      'Investigating and prosecuting torture: the legal standard',
      'Расследование пыток и уголовное преследование: правовой стандарт',
      'Кыйноолорду иликтөө жана куугунтуктоо: укуктук стандарт',
      'Тафтиш ва таъқиби ҷиноии шиканҷа: меъёри ҳуқуқӣ',
      'Розслідування катувань і кримінальне переслідування: правовий стандарт',
    ),
    descriptions: t(
      'Effective investigation under the Istanbul Protocol, and how courts weigh medical evidence.',
      'Эффективное расследование по Стамбульскому протоколу и оценка медицинских доказательств судом.',
      'Стамбул протоколу боюнча натыйжалуу иликтөө жана соттун медициналык далилдерди баалоосу.',
      'Тафтиши самаранок тибқи Протоколи Истанбул ва баҳодиҳии суд ба далелҳои тиббӣ.',
      'Ефективне розслідування за Стамбульським протоколом і оцінка медичних доказів судом.',
    ),
    professions: ['prosecutor', 'investigator', 'judge', 'defense_lawyer', 'ombudsman_staff', 'ngo_monitor'],
    modules: [
      { titles: MODULE_STANDARDS, hours: 4 },
      {
        titles: t(
          'The effective investigation',
          'Эффективное расследование',
          'Натыйжалуу иликтөө',
          'Тафтиши самаранок',
          'Ефективне розслідування',
        ),
        hours: 6,
      },
      {
        titles: t(
          'Medical evidence in court',
          'Медицинские доказательства в суде',
          'Соттогу медициналык далилдер',
          'Далелҳои тиббӣ дар суд',
          'Медичні докази в суді',
        ),
        hours: 4,
      },
    ],
    minPostScore: null,
    validityMonths: null,
  },
  {
    key: 'tot',
    titles: t(
      'Training of trainers: teaching the Istanbul Protocol',
      'Обучение тренеров: как преподавать Стамбульский протокол',
      'Тренерлерди окутуу: Стамбул протоколун кантип окутуу керек',
      'Омӯзиши мураббиён: чӣ тавр Протоколи Истанбулро таълим додан лозим',
      'Навчання тренерів: як викладати Стамбульський протокол',
    ),
    descriptions: t(
      'Adult learning, session design and observed co-teaching for future national trainers.',
      'Обучение взрослых, построение занятий и совместное преподавание под наблюдением для будущих национальных тренеров.',
      'Чоңдорду окутуу, сабакты түзүү жана байкоо астында бирге сабак берүү — келечектеги улуттук тренерлер үчүн.',
      'Таълими калонсолон, тарҳрезии дарс ва дарсдиҳии муштарак зери назорат барои мураббиёни миллии оянда.',
      'Навчання дорослих, побудова занять і спільне викладання під наглядом для майбутніх національних тренерів.',
    ),
    professions: ['forensic_expert', 'psychologist', 'psychiatrist', 'defense_lawyer', 'prosecutor'],
    modules: [
      {
        titles: t('Adult learning', 'Обучение взрослых', 'Чоңдорду окутуу', 'Таълими калонсолон', 'Навчання дорослих'),
        hours: 6,
      },
      {
        titles: t(
          'Designing and leading a session',
          'Подготовка и проведение занятия',
          'Сабакты даярдоо жана өткөрүү',
          'Омодасозӣ ва гузаронидани дарс',
          'Підготовка й проведення заняття',
        ),
        hours: 8,
      },
    ],
    minPostScore: 75,
    validityMonths: 24,
  },
];
