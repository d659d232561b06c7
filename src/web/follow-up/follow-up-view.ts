import { HttpStatus } from '@nestjs/common';
import type { FastifyReply } from 'fastify';

import type { AuthUser } from '@cascade/auth';
import { formatDate, requestLocale } from '@cascade/common';
import { type Locale, translate } from '@cascade/i18n';

import {
  COMMENT_MAX,
  type FollowUpForm,
  type FollowUpPersonProgress,
  type FollowUpQuestion,
  type FollowUpTrackingService,
} from '../../modules/follow-up/index.js';
import { type FormErrors, formRefusal } from '../layout/form-errors.js';
import type { PageRenderer } from '../layout/page-renderer.js';
import { formText } from '../layout/web-form.js';
import type { PageRequest } from '../layout/web-session.js';

/** One line of the tracking table: where the person stands in the wave, in words. */
export function personStatus(locale: Locale, person: FollowUpPersonProgress, now: Date): string {
  const t = (key: string, params?: Record<string, string | number>) => translate(locale, key, params);
  if (person.answeredAt) {
    if (person.channel === 'link') return t('follow_up.tracking.by_link');
    return t(`follow_up.tracking.by_${person.channel ?? 'phone'}`, { name: person.collectedBy ?? '—' });
  }
  if (!person.linkId || !person.expiresAt) return t('follow_up.tracking.not_due');
  if (new Date(person.expiresAt) <= now) return t('follow_up.tracking.expired');
  return t('follow_up.tracking.waiting', {
    date: formatDate(locale, new Date(new Date(person.expiresAt).getTime() - 1)),
  });
}

/** What the form sent, by question key: a checkbox group's several values come as an array. */
export function answerInput(body: unknown, questions: FollowUpQuestion[]): Record<string, unknown> {
  const fields = body !== null && typeof body === 'object' ? (body as Record<string, unknown>) : {};
  const keys = new Set(questions.map((q) => q.key));
  return Object.fromEntries(Object.entries(fields).filter(([name]) => keys.has(name)));
}

const isText = (value: unknown): value is string | number | boolean =>
  typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';

/** The questions as the shared template shows them: each with what was typed and its errors. */
export function questionFields(questions: FollowUpQuestion[], typed: Record<string, unknown>, errors: FormErrors) {
  return questions.map((question) => {
    const value = typed[question.key];
    const values = (Array.isArray(value) ? (value as unknown[]) : [value]).filter(isText).map(String);
    return { ...question, id: `field-${question.key}`, value: values[0] ?? '', values, errors: errors[question.key] };
  });
}

/** The error summary's links, one a refused question. */
export function summaryOf(questions: FollowUpQuestion[], errors: FormErrors) {
  return questions
    .filter((q) => errors[q.key])
    .map((q) => ({ href: `#field-${q.key}`, text: `${q.text}: ${errors[q.key].join(' ')}` }));
}

/** Where an entry form posts and leads back to: the officer's pages or the trainer's. */
export interface EntryPaths {
  action: (linkId: string) => string;
  back: (eventId: string) => string;
}

/** The entry of an answer collected by phone or on paper, one template for officers and trainers. */
export function entryPage(
  pages: PageRenderer,
  request: PageRequest,
  reply: FastifyReply,
  form: FollowUpForm & { fullName: string | null },
  paths: EntryPaths,
  state: { errors?: FormErrors; status?: number; typed?: Record<string, unknown>; channel?: string },
): Promise<string> {
  const errors = state.errors ?? {};
  const answered = form.state === 'answered';
  return pages.render(request, reply, 'follow-up/entry', {
    titleKey: 'follow_up.entry.title',
    status: state.status ?? (answered ? HttpStatus.CONFLICT : HttpStatus.OK),
    model: {
      action: paths.action(form.linkId),
      back: paths.back(form.eventId),
      fullName: form.fullName ?? '—',
      months: form.monthsAfter,
      answered,
      channel: state.channel ?? '',
      maxText: COMMENT_MAX,
      errors,
      summary: summaryOf(form.questions, errors),
      questions: questionFields(form.questions, state.typed ?? {}, errors),
    },
  });
}

/**
 * Records the answer typed into the entry form and leads back to the event's follow-up page; a
 * refusal shows the form again with what was typed and why.
 */
export async function submitEntry(
  tracking: FollowUpTrackingService,
  pages: PageRenderer,
  submitted: { user: AuthUser; linkId: string; body: unknown },
  request: PageRequest,
  reply: FastifyReply,
  paths: EntryPaths,
): Promise<void> {
  const { user, linkId, body } = submitted;
  const locale = requestLocale(request);
  const form = await tracking.entryForm(user, linkId, locale);
  const input = answerInput(body, form.questions);
  const channel = formText(body, 'channel') ?? '';
  try {
    await tracking.enterAnswer(user, linkId, input, channel);
  } catch (error) {
    const { errors, status } = formRefusal(error, locale, { except: [404] });
    const again = await tracking.entryForm(user, linkId, locale);
    const state = { errors, status, typed: input, channel };
    return void reply.send(await entryPage(pages, request, reply, again, paths, state));
  }
  void reply.redirect(`${paths.back(form.eventId)}?saved=1`, HttpStatus.SEE_OTHER);
}
