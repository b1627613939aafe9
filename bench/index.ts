/**
 * `npm run bench`: prints figures, asserts nothing. Poll cycle, scoring throughput, story grouping,
 * search latency, delivery over a large outbox, the status page over a million items, and the
 * latency simulation of the poll schedulers.
 */
import { benchLatency } from './latency.ts';
import { benchOutbox } from './outbox.ts';
import { benchPage } from './page.ts';
import { benchPoll } from './poll.ts';
import { benchScore } from './score.ts';
import { benchSearch } from './search.ts';
import { benchStories } from './stories.ts';

console.log(`# Radar benchmarks — node ${process.version}, ${new Date().toISOString()}`);
await benchPoll();
await benchScore();
await benchStories();
await benchSearch();
await benchOutbox();
await benchPage();
benchLatency(1);
