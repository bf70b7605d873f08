import * as crypto from 'crypto';

/** `<name>-<10 hex digits of the content's sha256>`: a change of content is a change of name. */
export function contentHashedName(base: string, data: Record<string, string>): string {
  const canonical = JSON.stringify(Object.keys(data).sort().map((k) => [k, data[k]]));
  return `${base}-${crypto.createHash('sha256').update(canonical).digest('hex').slice(0, 10)}`;
}
