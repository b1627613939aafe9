import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/shared/logger.ts';

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
});
