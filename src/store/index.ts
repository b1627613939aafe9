export type * from './store.ts';
export { createSqliteStore } from './sqlite/sqlite-store.ts';
export { setAside, type SetAside } from './sqlite/database-file.ts';
export { openStore, type ConfiguredState } from './open-store.ts';
