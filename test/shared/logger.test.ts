import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FetchError } from '../../src/shared/errors.ts';
import { createLogger, maskUrlTokens } from '../../src/shared/logger.ts';
import { captureLog } from '../helpers/capture-log.ts';

describe('logger', () => {
  it('never writes secret values, in fields, nested objects or error messages', () => {
    const dir = mkdtempSync(join(tmpdir(), 'radar-log-'));
    const file = join(dir, 'log.jsonl');
    const fd = openSync(file, 'w');
    const token = 'xoxb-1234567890-abcdefSECRET';
    const signing = 'signing"secret\\value';
    const logger = createLogger({ pretty: false, destination: fd, secrets: [token, signing, undefined] });
    logger.info({ token, headers: { authorization: `Bearer ${token}` }, slack: { botToken: token } }, 'starting');
    logger.error({ err: new Error(`invalid_auth for ${token}`) }, `request failed with ${signing}`);
    logger.warn({ config: { note: `nested ${token}` } }, 'done');
    closeSync(fd);
    const text = readFileSync(file, 'utf8');
    rmSync(dir, { recursive: true, force: true });
    expect(text.split('\n').filter(Boolean)).toHaveLength(3);
    expect(text).not.toContain('abcdefSECRET');
    expect(text).not.toContain('signing');
    expect(text).toContain('[redacted]');
    expect(text).toContain('invalid_auth for [redacted]');
  });

  it('masks interaction and response-url tokens that errors carry in URLs', () => {
    const discord = 'https://discord.com/api/v10/webhooks/1234567890123456789/aW50ZXJhY3Rpb246MTIzNDU2Nzg5OmFiY2RlZmdo/messages/@original';
    const callback = 'https://discord.com/api/v10/interactions/1234567890123456789/aW50ZXJhY3Rpb246MTIzNDU2Nzg5OmFiY2RlZmdo/callback';
    const slack = 'https://hooks.slack.com/commands/T0123ABCD/1234567890123/AbCdEfGhIjKlMnOpQrStUvWx';
    expect(maskUrlTokens(`PATCH ${discord} failed`)).toBe('PATCH https://discord.com/api/v10/webhooks/1234567890123456789/[redacted]/messages/@original failed');
    expect(maskUrlTokens(callback)).toBe('https://discord.com/api/v10/interactions/1234567890123456789/[redacted]/callback');
    expect(maskUrlTokens(slack)).toBe('https://hooks.slack.com/commands/T0123ABCD/1234567890123/[redacted]');
    expect(maskUrlTokens('https://discord.com/api/v10/channels/1234567890123456789/messages')).toContain('/channels/1234567890123456789/messages');
  });

  it('logs an error with its class, code and stack, without the escape codes a server put in its message', () => {
    const log = captureLog();
    const hostile = '\u001b[2J\u001b[31mGo away\u001b]0;pwned\u0007\u009b1m now';
    log.logger.warn({ err: new FetchError('fetch_http_status', 'https://feed.example/rss', `HTTP 503 ${hostile}`, { status: 503 }, { cause: new Error(hostile) }) }, 'feed failed');
    const { err } = log.lines()[0] as unknown as { err: Record<string, string> };
    expect(err).toMatchObject({ type: 'FetchError', code: 'fetch_http_status', status: 503, message: 'HTTP 503 Go away now (https://feed.example/rss): Go away now' });
    expect(err.stack).toMatch(/^FetchError: HTTP 503 Go away now \(https:\/\/feed\.example\/rss\)\n\s+at /);
    expect(err.stack).toContain('caused by: Error: Go away now');
    expect(err.stack).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
  });
});
