export type { ChatAdapter } from './adapter.ts';
export { AdapterError, StartupError } from './adapter.ts';
export { createConsoleAdapter } from './console/console-adapter.ts';
