import { randomUUID } from 'node:crypto';

/** A multipart form body with one file (named `file`) after the given text fields, as a browser sends it. */
export function multipart(
  fileName: string,
  content: Buffer,
  options: { fields?: Record<string, string>; type?: string } = {},
): { payload: Buffer; contentType: string } {
  const boundary = `----cascade${randomUUID().replaceAll('-', '')}`;
  const parts = Object.entries(options.fields ?? {}).map(([name, value]) =>
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`),
  );
  const payload = Buffer.concat([
    ...parts,
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\n` +
        `Content-Type: ${options.type ?? 'application/octet-stream'}\r\n\r\n`,
    ),
    content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, contentType: `multipart/form-data; boundary=${boundary}` };
}
