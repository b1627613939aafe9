/**
 * `/radar` commands through the real core over a real store filled by the real pipeline: every
 * subcommand, admin checks, usage errors, persistence across a restart, and watch/mute terms
 * changing what alerts from the next item on. `radar cmd` gives the same answers.
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_TERMS_PER_CHANNEL, parseCommand } from '../../src/commands/index.ts';
import { PROJECT_ROOT } from '../../src/config/index.ts';
import { rssFeed, startFeedServer, type FeedEntrySpec, type FeedServer } from '../helpers/feed-server.ts';
import { startTestRadar, testConfigYaml, type TestFeed, type TestRadar, stopTestRadar } from '../helpers/radar.ts';

const NOW = Date.parse('2026-11-24T12:00:00Z');
const ago = (h: number) => new Date(NOW - h * 3_600_000);

const DIARIO: FeedEntrySpec[] = [
  { title: 'Sheinbaum defiende la soberanía nacional ante amenazas de ataques de EU contra cárteles', link: 'https://diario.example/soberania', description: 'La presidenta rechazó cualquier intervención militar estadounidense en territorio mexicano.', pubDate: ago(2) },
  { title: 'Guardia Nacional asegura laboratorio de fentanilo en Culiacán', link: 'https://diario.example/guardia', description: 'El operativo de la Guardia Nacional y la Defensa dejó tres detenidos del Cártel de Sinaloa.', pubDate: ago(30) },
  { title: 'Tomateros de Culiacán ganan la serie ante Mexicali', link: 'https://diario.example/beisbol', description: 'El equipo de béisbol se impuso 5-3.', pubDate: ago(3) },
];
const WIRE: FeedEntrySpec[] = [
  { title: 'Pentagon drafts options for strikes on cartels inside Mexico', link: 'https://wire.example/pentagon?utm_source=rss', description: 'Officials said plans include drone strikes on fentanyl labs run by the Sinaloa Cartel.', pubDate: ago(1) },
  { title: 'Local bakery wins national award', link: 'https://wire.example/bakery', description: 'The bakery on Main Street won a prize.', pubDate: ago(4) },
];

describe('/radar commands', () => {
  let server: FeedServer;
  let test: TestRadar | null = null;
  let feeds: TestFeed[];
  const ask = (text: string, isAdmin = true) => test!.radar.runCommand({ channelId: 'newsroom', userId: 'U1', isAdmin, text });

  beforeEach(async () => {
    server = await startFeedServer();
    server.serve('/diario.xml', rssFeed({ title: 'Diario', items: DIARIO }));
    server.serve('/wire.xml', rssFeed({ title: 'Wire', items: WIRE }));
    feeds = [
      { id: 'diario', name: 'El Diario', url: server.url('/diario.xml'), lang: 'es' },
      { id: 'wire', name: 'Wire Service', url: server.url('/wire.xml'), lang: 'en' },
    ];
    test = await startTestRadar(feeds, { clock: () => NOW });
    await test.radar.pollOnce();
  });
  afterEach(async () => {
    await stopTestRadar(test, server);
    test = null;
  });

  it('help lists every subcommand with an example', async () => {
    const answer = await ask('help');
    for (const sub of ['search', 'top', 'watch add', 'mute add', 'threshold', 'topics', 'subscribe', 'unsubscribe', 'feeds', 'feeds add', 'explain', 'status']) {
      expect(answer.text).toContain(`/radar ${sub}`);
    }
    expect(answer.text).toContain('e.g. /radar search');
    expect((await ask('')).text).toBe(answer.text);
  });

  it('search is accent-insensitive, takes phrases, since: and lang:, and ranks relevant items first', async () => {
    const soberania = await ask('search soberania');
    expect(soberania.ok).toBe(true);
    expect(soberania.text).toContain('Sheinbaum defiende la soberanía nacional');
    expect(soberania.ephemeral).toBe(true);

    const phrase = await ask('search "guardia nacional" since:3d');
    expect(phrase.blocks.filter((b) => b.type === 'item')).toHaveLength(1);
    expect(phrase.text).toContain('Guardia Nacional asegura laboratorio');
    expect((await ask('search “guardia nacional” since:12h')).text).toContain('No stored items match');

    const culiacan = await ask('search culiacan');
    const titles = culiacan.blocks.flatMap((b) => (b.type === 'item' ? [b.title] : []));
    expect(titles[0]).toContain('Guardia Nacional'); // relevant first, the baseball story after
    expect(titles[1]).toContain('Tomateros');
    expect(culiacan.text).toMatch(/El Diario · \d+h ago · score 0\.\d\d · es/);

    expect((await ask('search fentanyl lang:es')).text).not.toContain('Pentagon');
    expect((await ask('search fentanyl lang:en')).text).toContain('Pentagon');
    expect((await ask('search strik*')).text).toContain('Pentagon');
    const shared = await ask('search pentagon share');
    expect(shared.ephemeral).toBe(false);
  });

  it('top lists the best stories of the window; status, feeds and topics report', async () => {
    const top = await ask('top');
    const titles = top.blocks.flatMap((b) => (b.type === 'item' ? [b.title] : []));
    expect(titles.slice(0, 2).sort()).toEqual(['Pentagon drafts options for strikes on cartels inside Mexico', 'Sheinbaum defiende la soberanía nacional ante amenazas de ataques de EU contra cárteles']);
    expect(titles).not.toContain('Guardia Nacional asegura laboratorio de fentanilo en Culiacán'); // 30 h old
    expect((await ask('top 7d')).text).toContain('Guardia Nacional asegura');

    const status = await ask('status');
    expect(status.text).toContain('Last poll: 0s ago');
    expect(status.text).toMatch(/Items today \(UTC\): 5/);
    expect(status.text).toMatch(/Alerts today \(UTC\): 3/);
    expect(status.text).toContain('Queue: 0 waiting');
    expect(status.text).toContain('Delivery failures today: none');

    server.route('/wire.xml', (_req, res) => void res.writeHead(503).end());
    await test!.radar.pollOnce();
    const health = await ask('feeds');
    expect(health.text).toContain('2 feeds, 1 failing');
    expect(health.text).toMatch(/✗ Wire Service[^]*1 failure in a row[^]*last error: .*503/);
    expect(health.text).toContain('✓ El Diario');

    expect((await ask('topics')).text).toContain('✓ cartel-sovereignty');
  });

  it('explain shows the terms, facets and channel terms behind a score', async () => {
    await ask('watch add Sinaloa');
    const answer = await ask('explain https://wire.example/pentagon');
    expect(answer.ok).toBe(true);
    expect(answer.text).toMatch(/Score for cartel-sovereignty: [01]\.\d\d \(channel threshold 0\.50: alerts\)/);
    expect(answer.text).toMatch(/strike/i);
    expect(answer.text).toContain('Watch terms matched: Sinaloa');
    expect((await ask('explain https://wire.example/unknown')).text).toContain('has not stored an item');
    expect((await ask('explain https://diario.example/beisbol')).text).toMatch(/context|below/);
  });

  it('watch, mute and threshold change what alerts from the next item on, and survive a restart', async () => {
    expect((await ask('watch add "Main Street"')).text).toContain('Added watch term "Main Street"');
    expect((await ask('watch add "Main Street"')).text).toContain('already');
    expect((await ask('mute add drone*')).ok).toBe(true);
    expect((await ask('threshold 0.7')).text).toContain('Threshold set to 0.70 (was 0.50)');

    const dir = test!.dir;
    await test!.radar.stop();
    test = await startTestRadar(feeds, { clock: () => NOW + 60_000, dir });
    expect((await ask('watch list')).text).toContain('"Main Street"');
    expect((await ask('mute list')).text).toContain('drone*');
    expect((await ask('threshold')).text).toContain('0.70');

    server.serve('/wire.xml', rssFeed({
      title: 'Wire',
      items: [
        { title: 'Main Street bakery opens a second shop', link: 'https://wire.example/bakery-2', description: 'The owners said demand was high.', pubDate: new Date(NOW) },
        { title: 'US weighs drone strikes on cartel camps in Mexico', link: 'https://wire.example/drones', description: 'The Pentagon is studying options against the Sinaloa Cartel.', pubDate: new Date(NOW) },
      ],
    }));
    await test.radar.pollOnce();
    const out = test.output();
    expect(out).toContain('▶ Main Street bakery opens a second shop');
    expect(out).toContain('watch: "Main Street"');
    expect(out).not.toContain('drone strikes');

    expect((await ask('watch remove "Main Street"')).text).toContain('Removed');
    expect((await ask('watch remove "Main Street"')).ok).toBe(false);
  });

  it('refuses mutating commands to non-admins and answers bad arguments with a usage line', async () => {
    for (const text of ['watch add cartel', 'mute remove x', 'threshold 0.2', 'subscribe cartel-sovereignty', 'unsubscribe cartel-sovereignty']) {
      const answer = await ask(text, false);
      expect(answer.ok, text).toBe(false);
      expect(answer.text).toContain('Only Radar admins');
    }
    expect((await ask('watch list', false)).ok).toBe(true);
    expect((await ask('threshold', false)).ok).toBe(true);

    const cases: Array<[string, RegExp]> = [
      ['threshold 2', /not a number between 0 and 1\. Usage: \/radar threshold \[0\.\.1\]/],
      ['threshold high', /Usage: \/radar threshold/],
      ['top 3w', /unknown window "3w": use 24h or 7d\. Usage: \/radar top/],
      ['search', /search needs at least one word\. Usage: \/radar search/],
      ['search x since:forever', /since: expects a duration/],
      ['search x lang:fr', /lang: expects en or es/],
      ['watch add (a|b)+', /regular expressions are not supported/],
      ['watch add "unbalanced', /unbalanced quote/],
      ['watch frobnicate', /unknown watch action "frobnicate"\. Usage: \/radar watch add/],
      ['subscribe nope', /unknown topic "nope"; known: cartel-sovereignty/],
      ['explain not-a-link', /not an http\(s\) link/],
      ['status now', /status takes no arguments/],
      ['frobnicate', /unknown command "frobnicate"; try \/radar help/],
    ];
    for (const [text, expected] of cases) {
      const answer = await ask(text);
      expect(answer.ok, text).toBe(false);
      expect(answer.text, text).toMatch(expected);
      expect(answer.text).not.toMatch(/\n\s+at /);
    }
    expect((await ask('unsubscribe cartel-sovereignty')).text).toContain('at least one topic');
    expect((await ask(`watch add ${'x'.repeat(101)}`)).text).toContain('longer than 100 characters');
    for (let i = (await ask('mute list')).blocks.length - 1; i < MAX_TERMS_PER_CHANNEL; i++) await ask(`mute add term${i}`);
    const full = await ask('mute add onemore');
    expect(full.ok).toBe(false);
    expect(full.text).toContain(`already has ${MAX_TERMS_PER_CHANNEL} mute terms`);
    expect((await test!.radar.runCommand({ channelId: 'elsewhere', userId: 'U1', isAdmin: true, text: 'status' })).text).toContain('not set up');
  });

  it('feeds add reads only public addresses unless allowed; added feeds are polled and can be removed', async () => {
    server.serve('/new.xml', rssFeed({ title: 'Nuevo Diario', items: [
      { title: 'Capturan en Sinaloa a jefe de seguridad de Los Chapitos', link: 'https://nuevo.example/1', pubDate: new Date(NOW) },
    ] }));
    const url = server.url('/new.xml');
    const refused = await ask(`feeds add ${url}`);
    expect(refused.ok).toBe(false);
    expect(refused.text).toContain(`Cannot add ${url}: `);
    expect(refused.text).toContain('127.0.0.1 is not a public address');
    expect((await ask(`feeds add ${url}`, false)).text).toContain('Only Radar admins');

    const dir = test!.dir;
    await test!.radar.stop();
    test = await startTestRadar(feeds, { clock: () => NOW + 60_000, dir, extraYaml: 'fetch: { allowPrivateHosts: ["127.0.0.1"] }' });
    const added = await ask(`feeds add ${url}`);
    expect(added.text).toContain('Added Nuevo Diario (1 item now)');
    expect((await ask(`feeds add ${url}`)).text).toContain('already followed');
    const results = await test.radar.pollOnce();
    expect(results.find((r) => r.feedId === '127.0.0.1-new.xml')).toMatchObject({ status: 'ok', fresh: 1 });
    expect(test.output()).toContain('▶ Capturan en Sinaloa a jefe de seguridad de Los Chapitos');
    expect(test.output()).toContain('Nuevo Diario ·');
    expect((await ask('feeds')).text).toContain('3 feeds');

    expect((await ask(`feeds remove ${feeds[0]!.url}`)).text).toContain('comes from the configuration file');
    expect((await ask(`feeds remove ${url}`)).text).toContain(`Removed ${url}`);
    expect((await ask('feeds')).text).toContain('2 feeds');
    expect((await ask('search Chapitos')).text).toContain('Capturan en Sinaloa');
    expect((await ask('feeds add ftp://example.com/feed')).text).toMatch(/not an http\(s\) URL\. Usage: \/radar feeds/);
  });

  it('parses quoted phrases with typographic quotes and keeps operators inert', () => {
    expect(parseCommand('search “Cártel de Sinaloa” since:24h')).toMatchObject({ name: 'search', query: ['"Cártel de Sinaloa"'], sinceMs: 86_400_000 });
    expect(parseCommand('explain <https://example.com/a|label>')).toEqual({ name: 'explain', link: 'https://example.com/a' });
  });

  it('`radar cmd` gives the same answer as the chat core', async () => {
    const configFile = join(test!.dir, 'radar.yaml');
    writeFileSync(configFile, testConfigYaml(test!.dir, feeds));
    const inChat = await ask('search soberania');
    const cli = await new Promise<{ status: number | null; stdout: string }>((resolve, reject) => {
      const child = spawn(process.execPath, ['bin/radar.js', 'cmd', '--channel', 'newsroom', '--json', 'search soberania'], {
        cwd: PROJECT_ROOT, env: { ...process.env, RADAR_CONFIG: configFile, RADAR_NOW: new Date(NOW).toISOString(), LOG_LEVEL: 'warn' }, stdio: ['ignore', 'pipe', 'inherit'],
      });
      let stdout = '';
      child.stdout.on('data', (c: Buffer) => { stdout += c.toString('utf8'); });
      child.on('error', reject);
      child.on('close', (status) => resolve({ status, stdout }));
    });
    expect(cli.status).toBe(0);
    const answer = JSON.parse(cli.stdout) as typeof inChat;
    // The CLI's clock starts at NOW (RADAR_NOW) and runs on, so ages may differ by the seconds it took to start.
    const strip = (t: string) => t.replace(/\d+[smhd]( \d+[smh])? ago/g, 'AGO');
    expect(strip(answer.text)).toBe(strip(inChat.text));
  });
});
