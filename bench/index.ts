/**
 * `npm run bench`: prints figures, asserts nothing. Poll cycle, scoring throughput, story grouping.
 */
import { benchPoll } from './poll.ts';
import { benchScore } from './score.ts';
import { benchStories } from './stories.ts';

console.log(`# Radar benchmarks — node ${process.version}, ${new Date().toISOString()}`);
await benchPoll();
await benchScore();
await benchStories();
