import { transliterate } from '@cascade/common';

import { type Nation, NATIONS_OF_COUNTRY } from './names.js';

/**
 * The benchmark's people: names drawn from bench/names.ts by their weights, a birth year and a
 * phone, repeatable from a seed; and the same person written another way, as a second sign-in
 * sheet would (Latin letters by one scheme or another, Russian letters for Kyrgyz and Tajik
 * ones, the given name first, a letter lost or doubled, capitals, the patronymic left out).
 */
export interface BenchPerson {
  fullName: string;
  sex: 'male' | 'female';
  birthYear: number;
  phone: string | null;
}

/** mulberry32: a small, fast, seeded generator, so every run draws the same people. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Draws from a list by rank: the r-th item with weight 1 / (r + 4) (see bench/names.ts). */
class RankedPicker {
  private readonly cumulative: number[] = [];
  constructor(private readonly items: readonly string[]) {
    let total = 0;
    items.forEach((_, rank) => this.cumulative.push((total += 1 / (rank + 5))));
  }
  pick(random: () => number): string {
    const target = random() * this.cumulative[this.cumulative.length - 1];
    let low = 0;
    let high = this.cumulative.length - 1;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (this.cumulative[middle] < target) low = middle + 1;
      else high = middle;
    }
    return this.items[low];
  }
}

const pickers = new Map<Nation, { male: RankedPicker; female: RankedPicker; surnames: RankedPicker }>();
function pickersOf(nation: Nation) {
  let found = pickers.get(nation);
  if (!found) {
    found = {
      male: new RankedPicker(nation.male),
      female: new RankedPicker(nation.female),
      surnames: new RankedPicker(nation.surnames),
    };
    pickers.set(nation, found);
  }
  return found;
}

/** A surname's female form: Асанов → Асанова, Задорожний → Задорожна; -енко, -чук, -зода, Цой stay. */
function femaleSurname(surname: string): string {
  if (/(ов|ев|ёв|ин)$/.test(surname)) return `${surname}а`;
  if (surname.endsWith('ський')) return `${surname.slice(0, -5)}ська`;
  if (surname.endsWith('ний')) return `${surname.slice(0, -3)}на`;
  return surname;
}

/** The patronymic from the father's given name: Нурлан → Нурланович / Нурлановна, Сергій → Сергійович. */
function patronymicOf(father: string, female: boolean, nation: Nation): string {
  if (nation.patronymic === 'kyrgyz') return `${father} ${female ? 'кызы' : 'уулу'}`;
  const stem = father.replace(/[йь]$/, '');
  const soft = /[йь]$/.test(father);
  if (female) return `${stem}${soft ? 'евна' : 'овна'}`;
  return `${stem}${soft ? 'евич' : 'ович'}`;
}

/** One person of a country, from `random`: about half with a patronymic, most with a phone. */
export function drawPerson(countryCode: string, random: () => number, index: number): BenchPerson {
  const nations = NATIONS_OF_COUNTRY[countryCode] ?? NATIONS_OF_COUNTRY.KG;
  let roll = random();
  let nation = nations[0][0];
  for (const [candidate, share] of nations) {
    nation = candidate;
    if ((roll -= share) < 0) break;
  }
  const female = random() < 0.55;
  const names = pickersOf(nation);
  const given = (female ? names.female : names.male).pick(random);
  const surname = names.surnames.pick(random);
  let fullName = `${female ? femaleSurname(surname) : surname} ${given}`;
  if (random() < 0.5) {
    const patronymic = patronymicOf(names.male.pick(random), female, nation);
    // A Kyrgyz "son of" name is written given name first: Бакыт Асан уулу.
    fullName = nation.patronymic === 'kyrgyz' ? `${given} ${patronymic}` : `${fullName} ${patronymic}`;
    if (nation.patronymic === 'kyrgyz' && random() < 0.5) fullName = `${surname} ${fullName}`;
  }
  return {
    fullName,
    sex: female ? 'female' : 'male',
    birthYear: 1955 + Math.floor(random() * 50),
    phone: random() < 0.7 ? `+996${String(500_000_000 + index).padStart(9, '0')}` : null,
  };
}

const RUSSIAN_LETTERS: Readonly<Record<string, string>> = {
  ң: 'н',
  ө: 'о',
  ү: 'у',
  ғ: 'г',
  ӣ: 'и',
  қ: 'к',
  ӯ: 'у',
  ҳ: 'х',
  ҷ: 'ч',
  і: 'и',
  ї: 'и',
  є: 'е',
  ё: 'е',
};

/** Ways one person's name is written again; each keeps the person's identity for a human reader. */
const REWRITES: ((name: string, random: () => number) => string)[] = [
  (name) => transliterate(name),
  (name) => transliterate(name).replace(/Zh/g, 'J').replace(/kh/g, 'h').replace(/y/g, 'i'),
  (name) => [...name].map((char) => RUSSIAN_LETTERS[char] ?? char).join(''),
  (name) => name.split(' ').reverse().join(' '),
  (name) => name.toUpperCase(),
  (name) => name.split(' ').slice(0, 2).join(' '),
  (name, random) => {
    // A letter lost inside a word (never the first).
    const at = 2 + Math.floor(random() * Math.max(1, name.length - 3));
    return name[at] === ' ' || name[at - 1] === ' ' ? name : name.slice(0, at) + name.slice(at + 1);
  },
  (name, random) => {
    const at = 2 + Math.floor(random() * Math.max(1, name.length - 3));
    return name[at] === ' ' ? name : name.slice(0, at) + name[at] + name.slice(at);
  },
];

/** The same person as another sheet writes them: the name rewritten, the birth year kept or left out. */
export function rewritePerson(person: BenchPerson, random: () => number): BenchPerson {
  const rewrite = REWRITES[Math.floor(random() * REWRITES.length)];
  return {
    ...person,
    fullName: rewrite(person.fullName, random),
    birthYear: person.birthYear,
    phone: random() < 0.5 ? person.phone : null,
  };
}
