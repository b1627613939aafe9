/**
 * A feed that fails is logged with the error itself: its class as the type, its code, its message
 * and a real stack (pino's error serializer), not a bare object with an empty stack.
 */
import { describe, expect, it } from 'vitest';
import { captureLog } from '../helpers/capture-log.ts';
import { useTestRadars } from '../helpers/radar.ts';

describe('feed failures in the log', () => {
  const radars = useTestRadars();

  it('carry the error class, code, message and stack', async () => {
    const { server } = radars;
    server.route('/down.xml', (_req, res) => void res.writeHead(500).end('boom'));
    server.serve('/html.xml', '<!doctype html><html><body>Not a feed</body></html>', { 'content-type': 'text/html' });
    const log = captureLog();
    const test = await radars.start([
      { id: 'down', name: 'Down', url: server.url('/down.xml') },
      { id: 'html', name: 'HTML', url: server.url('/html.xml') },
    ], { logger: log.logger });
    await test.radar.pollOnce();

    const failed = Object.fromEntries(log.lines().filter((l) => l.msg === 'feed failed').map((l) => [l.feedId, l.err as Record<string, unknown>]));
    expect(failed.down).toMatchObject({ type: 'FetchError', code: 'fetch_http_status', status: 500, url: server.url('/down.xml') });
    expect(failed.down!.message).toBe(`HTTP 500 Internal Server Error (${server.url('/down.xml')})`);
    expect(failed.html).toMatchObject({ type: 'ParseError', code: 'parse_unsupported_format' });
    for (const err of [failed.down!, failed.html!]) expect(err.stack).toMatch(/^(FetchError|ParseError): .*\n\s+at /);
  });
});
