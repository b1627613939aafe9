import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLogger, maskUrlTokens } from '../../src/shared/logger.ts';

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
});
