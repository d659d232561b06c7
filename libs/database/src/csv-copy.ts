import { pipeline, type Readable, Transform } from 'node:stream';

import type { ClientBase } from 'pg';
import { to as copyTo } from 'pg-copy-streams';

/** Excel reads a CSV file as UTF-8 only when it starts with a byte-order mark. */
const BOM = '\ufeff';

/** One CSV line as COPY's CSV format writes it: quoted only when the value needs it. */
export function csvLine(values: string[], delimiter: ',' | ';' = ','): string {
  const quoted = (value: string) => (/[",;\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value);
  return `${values.map(quoted).join(delimiter)}\n`;
}

/**
 * A query's rows as a CSV file made by PostgreSQL itself (`COPY (select) TO STDOUT WITH (FORMAT csv)`,
 * separated by `delimiter`: see csvConventions)
 * through pg-copy-streams), after a byte-order mark and the given header line. PostgreSQL formats
 * every value, so the process only passes bytes along: it reads from the connection as fast as the
 * reader takes them (backpressure reaches the server through the socket), holding a socket buffer
 * or two whatever the size. `done` is called once the file is sent or has failed.
 *
 * COPY takes no parameters: `select` must carry its values as literals (`client.escapeLiteral`),
 * and text a spreadsheet could run goes through `csvSafeSql`. The caller owns the client: on an
 * error or a reader that left mid-file it must be discarded (`release(true)`), as it is mid-COPY.
 */
export function csvCopyStream(
  client: ClientBase,
  select: string,
  headers: string[],
  done: (error: NodeJS.ErrnoException | null) => void,
  delimiter: ',' | ';' = ',',
): Readable {
  const copy = client.query(copyTo(`COPY (${select}) TO STDOUT WITH (FORMAT csv, DELIMITER '${delimiter}')`));
  return pipeline(copy, headed(BOM + csvLine(headers, delimiter)), done);
}

/** Passes the bytes through, after `head` (also when there are no rows). */
function headed(head: string): Transform {
  let started = false;
  const start = (stream: Transform) => {
    if (!started) stream.push(head);
    started = true;
  };
  return new Transform({
    transform(chunk: Buffer, _encoding, next) {
      start(this);
      next(null, chunk);
    },
    flush(next) {
      start(this);
      next();
    },
  });
}
