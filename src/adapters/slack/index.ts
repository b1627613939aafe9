export { createSlackAdapter } from './slack-adapter.ts';
export type { SlackAdapter, SlackAdapterOptions } from './slack-adapter.ts';
