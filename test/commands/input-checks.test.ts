/**
 * Command arguments and terms that would not mean what they look like are refused with a message
 * naming the argument: control characters (a NUL used to break search and hide inside stored
 * terms), and `+`/`-`/`#` at a word's edge (`a+`, `C++`, `a-` used to act as the bare word and
 * alert on everything). Through the real command core, the real Slack adapter, and the config file.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSlackAdapter } from '../../src/adapters/slack/index.ts';
import { silentLogger } from '../../src/shared/logger.ts';
import { rssFeed, startFeedServer, type FeedServer } from '../helpers/feed-server.ts';
import { startTestRadar, useTestRadars, type TestRadar } from '../helpers/radar.ts';
import { startSlackStandIn, waitFor, type SlackStandIn } from '../helpers/slack-stand-in.ts';

const NOW = Date.parse('2026-03-02T12:00:00Z');
const BAKERY = { title: 'A local bakery wins a prize', link: 'https://wire.example/bakery', description: 'The bakery on Main Street won a prize.', pubDate: new Date(NOW - 60_000) };
const PENTAGON = { title: 'Pentagon drafts options for strikes on cartels inside Mexico', link: 'https://wire.example/pentagon', description: 'Plans include drone strikes on fentanyl labs.', pubDate: new Date(NOW - 3_600_000) };

describe('control characters and operators in commands', () => {
  const radars = useTestRadars();
  let server: FeedServer;
  let test: TestRadar | null = null;
  const ask = (text: string) => test!.radar.runCommand({ channelId: 'newsroom', userId: 'U1', isAdmin: true, text });

  beforeEach(async () => {
    server = radars.server;
    server.serve('/wire.xml', rssFeed({ title: 'Wire', items: [PENTAGON] }));
    test = await radars.start([{ id: 'wire', name: 'Wire Service', url: server.url('/wire.xml'), lang: 'en' }], { clock: () => NOW });
    await test.radar.pollOnce();
  });

  it('refuses a control character in any argument, naming the argument and the character', async () => {
    const search = await ask('search pentagon\u0000x');
    expect(search.ok).toBe(false);
    expect(search.text).toBe('argument 1 of search ("pentagon<U+0000>x") contains the control character U+0000; type it again without it. Usage: /radar search <words or "phrase"> [source:<feed id>] [since:7d] [lang:es|en] [share]');
    expect(search.text).not.toContain('\u0000');

    for (const [text, argument] of [['watch add "guardia\u0000nacional"', 'argument 2 of watch'], ['mute add béisbol\u0007', 'argument 2 of mute'], ['explain https://wire.example/pentagon\u001b[31m', 'argument 1 of explain'], ['sta\u0000tus', 'the subcommand']]) {
      const answer = await ask(text!);
      expect(answer.ok, text).toBe(false);
      expect(answer.text, text).toContain(`${argument} (`);
      expect(answer.text, text).toMatch(/contains the control character U\+00(00|07|1B)/);
      expect(answer.text, text).not.toMatch(/[\u0000-\u001f]/);
    }
    expect((await ask('search "\u202eevil"')).text).toContain('control character U+202E');
    expect((await ask('watch list')).text).toContain('No watch terms');
    expect((await ask('mute list')).text).toContain('No mute terms');
    // Tabs and newlines are spaces, not controls.
    expect((await ask('search\tpentagon\nstrikes')).text).toContain('Pentagon drafts options');
  });

  it('refuses terms whose + - # would be ignored and widen them to the bare word, and nothing alerts because of them', async () => {
    for (const [term, symbol] of [['a+', '+'], ['C++', '+'], ['a-', '-'], ['-a', '-'], ['C#', '#'], ['"C++ code"', '+'], ['–a', '–']]) {
      for (const kind of ['watch', 'mute']) {
        const answer = await ask(`${kind} add ${term}`);
        expect(answer.ok, `${kind} ${term}`).toBe(false);
        expect(answer.text, term).toContain(`ignores "${symbol}"`);
        expect(answer.text, term).toContain(`Usage: /radar ${kind} add <term>`);
      }
    }
    expect((await ask('watch add C++')).text).toContain('would match "c" alone');
    expect((await ask('watch list')).text).toContain('No watch terms');

    server.serve('/wire.xml', rssFeed({ title: 'Wire', items: [PENTAGON, BAKERY] }));
    await test!.radar.pollOnce();
    expect(test!.output()).not.toContain('A local bakery wins a prize');

    // Symbols inside a word and ordinary punctuation are still fine.
    for (const term of ['COVID-19', 'U.S.', 'Culiacán,', 'narco*']) expect((await ask(`watch add ${term}`)).ok, term).toBe(true);
  });

  it('refuses the same terms in the config file, naming the key', async () => {
    const channels = '  - { id: newsroom, adapter: console, target: stdout, topics: [cartel-sovereignty], watch: [sinaloa, "a+"], mute: ["b\\0c"] }';
    const dir = mkdtempSync(join(tmpdir(), 'radar-terms-'));
    const failure = await startTestRadar([{ id: 'wire', name: 'Wire', url: server.url('/wire.xml') }], { channelsYaml: channels, dir }).then(
      async (t) => { await t.radar.stop(); return null; },
      (error: Error) => error,
    );
    rmSync(dir, { recursive: true, force: true });
    expect(failure).toBeInstanceOf(Error);
    expect(failure?.message).toContain('channels[0].watch[1]: a+: Radar matches words and ignores "+"');
    expect(failure?.message).toContain('channels[0].mute[0]: "b<U+0000>c": contains the control character U+0000');
  });
});

describe('control characters through Slack', () => {
  let server: FeedServer;
  let slack: SlackStandIn;
  let test: TestRadar;

  beforeAll(async () => {
    server = await startFeedServer();
    slack = await startSlackStandIn();
    server.serve('/wire.xml', rssFeed({ title: 'Wire', items: [PENTAGON] }));
    const adapter = createSlackAdapter({
      botToken: 'xoxb-input-checks-0001', appToken: 'xapp-input-checks-0001', apiUrl: slack.apiUrl,
      adminUsers: [], adminGroups: [], runCommand: (request) => test.radar.runCommand(request),
      channelFor: (id) => (id === 'C0NEWS' ? 'newsroom' : null), logger: silentLogger(),
    });
    test = await startTestRadar([{ id: 'wire', name: 'Wire Service', url: server.url('/wire.xml'), lang: 'en' }], { adapters: [adapter], clock: () => NOW });
    await test.radar.pollOnce();
    await test.radar.start();
    await slack.connected();
  }, 20_000);
  afterAll(async () => {
    await test.radar.stop();
    test.cleanup();
    await slack.close();
    await server.close();
  });

  async function onSlack(text: string): Promise<string> {
    const { responseUrl } = slack.pushSlashCommand({ text, userId: 'U0ADMIN', channelId: 'C0NEWS' });
    const id = responseUrl.slice(responseUrl.lastIndexOf('/') + 1);
    const response = await waitFor(() => slack.responses.find((r) => r.id === id), 5_000);
    return JSON.stringify(response.body);
  }

  it('answers a NUL in search and an operator term with the clear message, not "something went wrong"', async () => {
    const search = await onSlack('search pentagon\u0000');
    expect(search).toContain('argument 1 of search');
    expect(search).toContain('control character U+0000');
    expect(search).not.toMatch(/went wrong/i);
    expect(search).not.toContain('\\u0000');

    const term = await onSlack('watch add a+');
    expect(term).toContain('ignores \\"+\\"');
    expect(await onSlack('watch list')).toContain('No watch terms');
  });
});
