import type { en } from './locales/en.js';

type Texts<T> = { readonly [K in keyof T]: T[K] extends string ? string : Texts<T[K]> };

/** The shape every locale must fill: the English keys, with text of its own. */
export type LocaleResource = Texts<typeof en>;
