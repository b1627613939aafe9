/**
 * Two answers that said less than the truth: `feeds` marked a feed never read with ✓ as if it were
 * healthy, and `explain` printed a context that cancelled nothing (an empty "cancelled" line) when
 * a second context word found its term already cancelled. Through the real command core.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { rssFeed, type FeedServer } from '../helpers/feed-server.ts';
import { useTestRadars, type TestRadar } from '../helpers/radar.ts';

const NOW = Date.parse('2026-03-02T12:00:00Z');

describe('feeds health and explain', () => {
  const radars = useTestRadars();
  let server: FeedServer;
  let test: TestRadar | null = null;
  const ask = (text: string) => test!.radar.runCommand({ channelId: 'newsroom', userId: 'U1', isAdmin: true, text });

  beforeEach(async () => {
    server = radars.server;
    server.serve('/wire.xml', rssFeed({
      title: 'Wire',
      items: [{
        title: 'OPEC cartel raises oil output',
        link: 'https://wire.example/opec',
        description: 'The oil cartel OPEC said crude output would rise; the cartel met in Vienna.',
        pubDate: new Date(NOW - 3_600_000),
      }],
    }));
    server.route('/down.xml', (_req, res) => void res.writeHead(503).end());
    test = await radars.start([
      { id: 'wire', name: 'Wire Service', url: server.url('/wire.xml'), lang: 'en' },
      { id: 'down', name: 'Down Daily', url: server.url('/down.xml'), lang: 'en' },
    ], { clock: () => NOW });
  });

  it('feeds marks a feed not read yet apart from a healthy one and a failing one', async () => {
    const before = await ask('feeds');
    const titles = () => before.blocks.flatMap((b) => (b.type === 'item' ? [`${b.title} | ${b.meta}`] : []));
    expect(titles().sort()).toEqual(['· Down Daily | not read yet', '· Wire Service | not read yet']);
    expect(before.text).not.toContain('✓');

    await test!.radar.pollOnce();
    const after = await ask('feeds');
    expect(after.text).toContain('2 feeds, 1 failing');
    expect(after.text).toMatch(/✓ Wire Service[^\n]*\n {2}last success 0s ago/);
    expect(after.text).toMatch(/✗ Down Daily[^\n]*\n {2}never read · 1 failure in a row/);
  });

  it('explain names what each cancelling context cancelled, and no context without one', async () => {
    await test!.radar.pollOnce();
    const answer = await ask('explain https://wire.example/opec');
    expect(answer.ok).toBe(true);
    const contexts = answer.blocks.flatMap((b) => (b.type === 'fields' ? b.fields.filter((f) => f.label.startsWith('context')) : []));
    expect(contexts).toEqual([{ label: 'context "oil cartel"', value: '"OPEC" cancelled cartel' }]);
    for (const line of answer.text.split('\n')) expect(line, answer.text).not.toMatch(/cancelled\s*$/);
  });
});
