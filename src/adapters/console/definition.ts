/** The console adapter as Radar configures it: nothing to set; alerts go to standard output. */
import { defineAdapter } from '../definition.ts';
import { createConsoleAdapter } from './console-adapter.ts';

export const consoleDefinition = defineAdapter({
  name: 'console',
  variables: [],
  settings: () => ({}),
  create: async (_settings, { stdout }) => createConsoleAdapter(stdout),
});
