import type { en } from './locales/en.js';

/**
 * The plural forms English lacks: a text with `_one`/`_other` keys (i18next's plural keys, chosen
 * with Intl.PluralRules) has in each locale exactly the forms that locale's rules name, e.g.
 * `_few` and `_many` in Russian and Ukrainian (checked by i18n.spec.ts).
 */
type OtherPluralForms = { readonly [key: `${string}_${'zero' | 'two' | 'few' | 'many'}`]: string };

type Texts<T> = { readonly [K in keyof T]: T[K] extends string ? string : Texts<T[K]> & OtherPluralForms };

/** The shape every locale must fill: the English keys, with text of its own. */
export type LocaleResource = Texts<typeof en>;
