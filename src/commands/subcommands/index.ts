/**
 * Every `/radar` subcommand, in help order. Help, the text parser, the Discord option schema and
 * Discord's option-to-text translation all read this table: a new subcommand is a file here and a
 * line below.
 */
import { digest } from './digest.ts';
import { explain } from './explain.ts';
import { feedback } from './feedback.ts';
import { feeds } from './feeds.ts';
import { help } from './help.ts';
import { learning } from './learning.ts';
import { ping } from './ping.ts';
import { search } from './search.ts';
import { status } from './status.ts';
import { mute, watch } from './terms.ts';
import { threshold } from './threshold.ts';
import { top } from './top.ts';
import { subscribe, topics, unsubscribe } from './topics.ts';

export const COMMANDS = [help, search, top, digest, watch, mute, threshold, topics, subscribe, unsubscribe, feeds, explain, feedback, learning, status, ping] as const;

export { searchTerms } from './search.ts';
export { MAX_TERMS_PER_CHANNEL } from './terms.ts';
export { MAX_CHAT_FEEDS } from './feeds.ts';
