export type * from './store.ts';
export { createStore, setAsideDatabase, type ForceNew } from './create-store.ts';
export { describeTarget, maskPassword, type DatabaseTarget } from './database-target.ts';
export { openStore, type ConfiguredState } from './open-store.ts';
export { copyDatabase, type CopyCounts } from './copy-database.ts';
export { parseDatabaseTarget } from './database-target.ts';
