export { createLeaderRole, type LeaderRole, type LeaderTask } from './leader.ts';
