export { loadConfig, parseConfig, readEnv, PROJECT_ROOT, DEFAULT_CONFIG_FILE } from './load-config.ts';
export type { Config, FeedConfig, ChannelConfig, TopicRef, Env } from './load-config.ts';
