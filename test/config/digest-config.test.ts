/** The `digest` and `quiet` settings of a channel: read with defaults, and every bad value named by its key. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/index.ts';
import { ConfigError } from '../../src/shared/errors.ts';

const dir = mkdtempSync(join(tmpdir(), 'radar-digest-config-'));
writeFileSync(join(dir, 'topic.yaml'), 'id: t\n');

const file = (channel: string) => `
topics: [{ id: beat, file: topic.yaml }]
channels:
  - { id: desk, adapter: console, topics: [beat], ${channel} }
`;

function problems(channel: string): string[] {
  try {
    parseConfig(file(channel), join(dir, 'radar.yaml'));
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
  throw new Error('expected a ConfigError');
}

describe('channel digest and quiet hours settings', () => {
  it('reads a digest with its time zone and window, and quiet hours in the digest time zone by default', () => {
    const config = parseConfig(file('digest: { at: "08:00", timezone: America/Mexico_City, window: 24h }, quiet: "22:00-07:00"'), join(dir, 'radar.yaml'));
    expect(config.channels[0]!.digest).toEqual({ at: 480, timezone: 'America/Mexico_City', windowMs: 86_400_000, window: '24h' });
    expect(config.channels[0]!.quiet).toEqual({ from: 1320, to: 420, urgentScore: 0.9, timezone: 'America/Mexico_City' });
  });

  it('takes quiet hours as an object with their own urgent score and time zone', () => {
    const config = parseConfig(file('digest: { at: "07:30", window: 7d }, quiet: { hours: "23:00-06:00", urgentScore: 0.75, timezone: Europe/Madrid }'), join(dir, 'radar.yaml'));
    expect(config.channels[0]!.digest).toEqual({ at: 450, timezone: 'UTC', windowMs: 7 * 86_400_000, window: '7d' });
    expect(config.channels[0]!.quiet).toEqual({ from: 1380, to: 360, urgentScore: 0.75, timezone: 'Europe/Madrid' });
  });

  it('leaves both off by default', () => {
    const config = parseConfig(file('threshold: 0.4'), join(dir, 'radar.yaml'));
    expect(config.channels[0]).toMatchObject({ digest: null, quiet: null });
  });

  it.each([
    ['a time that is not one', 'digest: { at: "8am" }', /^channels\[0\]\.digest\.at: expected a time of day "HH:MM".*got "8am"/],
    ['an hour past 23', 'digest: { at: "24:00" }', /^channels\[0\]\.digest\.at: expected a time of day/],
    ['an unknown time zone', 'digest: { at: "08:00", timezone: Mars/Olympus_Mons }', /^channels\[0\]\.digest\.timezone: unknown time zone "Mars\/Olympus_Mons"/],
    ['a window that is not a duration', 'digest: { at: "08:00", window: daily }', /^channels\[0\]\.digest\.window: expected a window from 1h to 7d.*got "daily"/],
    ['a window over 7 days', 'digest: { at: "08:00", window: 30d }', /^channels\[0\]\.digest\.window: expected a window from 1h to 7d/],
    ['an unknown digest key', 'digest: { at: "08:00", every: 1d }', /^channels\[0\]\.digest: .*every/],
    ['quiet hours that are not a span', 'digest: { at: "08:00" }, quiet: "night"', /^channels\[0\]\.quiet: /],
    ['an urgent score over 1', 'digest: { at: "08:00" }, quiet: { hours: "22:00-07:00", urgentScore: 2 }', /^channels\[0\]\.quiet\.urgentScore: expected a score from 0 to 1/],
    ['quiet hours in an unknown zone', 'digest: { at: "08:00" }, quiet: { hours: "22:00-07:00", timezone: Nowhere }', /^channels\[0\]\.quiet\.timezone: unknown time zone "Nowhere"/],
    ['quiet hours without a digest', 'quiet: "22:00-07:00"', /^channels\[0\]\.quiet: quiet hours hold alerts for the channel's next digest, and it has none: set channels\[0\]\.digest/],
  ])('refuses %s, naming the key', (_name, channel, message) => {
    const found = problems(channel);
    expect(found.some((p) => message.test(p)), found.join('\n')).toBe(true);
  });
});
