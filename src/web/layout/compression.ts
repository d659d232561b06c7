import { Readable } from 'node:stream';
import { createGzip, gzipSync } from 'node:zlib';

import type { FastifyReply, FastifyRequest } from 'fastify';

/** Text worth compressing: pages, styles, scripts and JSON answers. */
const COMPRESSIBLE =
  /^(text\/(html|css|plain|javascript)|application\/(javascript|json|manifest\+json)|image\/svg\+xml)/;
/** Below this, gzip's header costs more than it saves. */
const MIN_BYTES = 1024;

export function acceptsGzip(header: string | string[] | undefined): boolean {
  const value = Array.isArray(header) ? header.join(',') : (header ?? '');
  return value.split(',').some((part) => {
    const [coding = '', ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    return (coding.trim() === 'gzip' || coding.trim() === '*') && (q === undefined || Number(q.slice(2)) > 0);
  });
}

/**
 * An onSend hook that gzips text answers for clients that accept it (@fastify/compress is not a
 * dependency; Node's zlib is enough): strings and buffers at once, streams (static files) as they flow.
 */
export function gzipOnSend(request: FastifyRequest, reply: FastifyReply, payload: unknown): unknown {
  if (request.method === 'HEAD' || reply.statusCode === 204 || reply.statusCode === 304) return payload;
  if (reply.getHeader('content-encoding') || !acceptsGzip(request.headers['accept-encoding'])) return payload;
  const type = String(reply.getHeader('content-type') ?? '');
  if (!COMPRESSIBLE.test(type)) return payload;

  if (typeof payload === 'string' || Buffer.isBuffer(payload)) {
    if (Buffer.byteLength(payload) < MIN_BYTES) return payload;
    const compressed = gzipSync(payload);
    markCompressed(reply);
    void reply.header('content-length', compressed.length);
    return compressed;
  }
  if (payload instanceof Readable) {
    markCompressed(reply);
    reply.removeHeader('content-length');
    return payload.pipe(createGzip());
  }
  return payload;
}

function markCompressed(reply: FastifyReply): void {
  const vary = String(reply.getHeader('vary') ?? '');
  void reply.header('content-encoding', 'gzip');
  if (!/accept-encoding/i.test(vary)) void reply.header('vary', vary ? `${vary}, Accept-Encoding` : 'Accept-Encoding');
}
