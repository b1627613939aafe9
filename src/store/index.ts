export type * from './store.ts';
export { createSqliteStore } from './sqlite/sqlite-store.ts';
