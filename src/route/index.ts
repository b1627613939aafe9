export { routeItem } from './route-item.ts';
export type { RouteChannel, RouteDecision } from './route-item.ts';
