import { RouteConfig } from '@nestjs/platform-fastify';
import type { FastifyRequest } from 'fastify';

/** The hidden field every page form carries: the CSRF cookie's value (double submit). */
export const WEB_FORM_CSRF_FIELD = '_csrf';

/** Marks a page route that takes an HTML form: its hidden CSRF field stands in for the X-CSRF-Token header. */
export const WebForm = () => RouteConfig({ webForm: true });

export function isWebFormRoute(request: FastifyRequest): boolean {
  return (request.routeOptions?.config as { webForm?: boolean } | undefined)?.webForm === true;
}

/** A form body's text field, trimmed; '' when absent or not text. */
export function formText(body: unknown, field: string): string {
  const value = (body as Record<string, unknown> | null | undefined)?.[field];
  return typeof value === 'string' ? value.trim() : '';
}
