/**
 * The check of a pushed body's `X-Hub-Signature: <method>=<hex HMAC of the raw body>`, keyed with
 * the subscription's secret. Methods sha1, sha256, sha384 and sha512, as the Recommendation lists;
 * digests compared in constant time.
 *
 * @see https://www.w3.org/TR/websub/#signing-content
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

const METHODS = new Set(['sha1', 'sha256', 'sha384', 'sha512']);

/** Why a body is dropped, or null when its signature is right. */
export type SignatureProblem = 'unsigned' | 'unknown method' | 'malformed' | 'mismatch';

export function signatureProblem(header: string | null | undefined, body: Uint8Array, secret: string): SignatureProblem | null {
  const value = header?.trim();
  if (!value) return 'unsigned';
  const match = /^([A-Za-z0-9-]+)=([0-9A-Fa-f]+)$/.exec(value);
  if (!match) return 'malformed';
  const method = match[1]!.toLowerCase();
  if (!METHODS.has(method)) return 'unknown method';
  const expected = createHmac(method, secret).update(body).digest();
  const given = Buffer.from(match[2]!, 'hex');
  // The digest's length is no secret (it follows from the method): only equal lengths are compared.
  if (given.length !== expected.length || match[2]!.length !== expected.length * 2) return 'mismatch';
  return timingSafeEqual(given, expected) ? null : 'mismatch';
}

/** The header value a hub sends for `body` (tests and the hub stand-in). */
export function signBody(method: string, body: Uint8Array | string, secret: string): string {
  return `${method}=${createHmac(method, secret).update(body).digest('hex')}`;
}
