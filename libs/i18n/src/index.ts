export * from './i18n.js';
export type { LocaleResource } from './locale-resource.js';
