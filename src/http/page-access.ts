/**
 * Who may read the status page. Without a page token it is open, but only on a loopback address:
 * bound beyond loopback (`http.host`) without one, it stays off. With a token, as Jupyter does, a
 * browser opens `/?token=<token>` once: Radar answers with an HttpOnly, SameSite=Strict cookie
 * (a digest of the token, not the token) and sends it on to `/`, so the token leaves the address
 * bar; scripts may send `Authorization: Bearer <token>` instead. Anything else gets 401.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Context } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';

export const PAGE_COOKIE = 'radar_page';
/** How long the cookie keeps a browser signed in. */
const COOKIE_MAX_AGE_S = 7 * 86_400;

/** What the page's access depends on. */
export interface PageAccess {
  /** The token a reader must show, or null (then the page is open on loopback, off elsewhere). */
  token: string | null;
  /** Whether the server listens beyond loopback (`http.host` is not 127.0.0.0/8, ::1 or localhost). */
  exposed: boolean;
}

/** The decision for one request. */
export type AccessDecision =
  | { kind: 'allow' }
  /** A right `?token=`: set the cookie and send the browser on to the page without the token. */
  | { kind: 'sign_in'; cookie: string }
  | { kind: 'unauthorized' }
  /** Exposed without a token: the page is off. */
  | { kind: 'off' };

const digest = (value: string) => createHash('sha256').update(value).digest();

/** Equal strings, compared in constant time whatever their lengths. */
function same(a: string, b: string): boolean {
  return timingSafeEqual(digest(a), digest(b));
}

/** The cookie's value for a token: a digest of it, so that the cookie never holds the token itself. */
export function cookieValue(token: string): string {
  return createHash('sha256').update(`radar status page\n${token}`).digest('hex');
}

/** Decides whether a request may read the page. */
export function decideAccess(c: Context, access: PageAccess): AccessDecision {
  const { token } = access;
  if (token === null) return access.exposed ? { kind: 'off' } : { kind: 'allow' };
  const bearer = /^Bearer +(\S+) *$/i.exec(c.req.header('authorization') ?? '');
  if (bearer && same(bearer[1]!, token)) return { kind: 'allow' };
  const cookie = cookieValue(token);
  const query = c.req.query('token');
  if (query !== undefined) return same(query, token) ? { kind: 'sign_in', cookie } : { kind: 'unauthorized' };
  const sent = getCookie(c, PAGE_COOKIE);
  return sent !== undefined && same(sent, cookie) ? { kind: 'allow' } : { kind: 'unauthorized' };
}

/** The answer to a request that may not read the page yet (null: go on and render it). */
export function accessAnswer(c: Context, decision: AccessDecision, onUnauthorized: () => void): Response | null {
  switch (decision.kind) {
    case 'allow':
      return null;
    case 'sign_in':
      setCookie(c, PAGE_COOKIE, decision.cookie, { httpOnly: true, sameSite: 'Strict', path: '/', maxAge: COOKIE_MAX_AGE_S });
      c.header('Cache-Control', 'no-store');
      c.header('Referrer-Policy', 'no-referrer');
      return c.redirect('/', 303);
    case 'off':
      return c.text('the status page is off: Radar listens beyond loopback (http.host) and no page token is set; set http.pageToken or RADAR_PAGE_TOKEN\n', 403);
    case 'unauthorized':
      onUnauthorized();
      return c.text('unauthorized: open /?token=<page token> once (a cookie then keeps this browser signed in), or send "Authorization: Bearer <page token>"\n', 401, {
        'WWW-Authenticate': 'Bearer realm="radar"',
        'Cache-Control': 'no-store',
      });
  }
}
