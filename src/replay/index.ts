export { loadReplayItems, type ReplayItem } from './replay-items.ts';
export { outletOf, startOutletServer, type Outlet, type OutletServer } from './outlet-server.ts';
export { replayCoverage, type ReplayOptions, type ReplayRun } from './replay.ts';
export { countReplay, formatReplay, REPLAY_GOAL, type EventFigures, type ReplayFigures } from './replay-figures.ts';
