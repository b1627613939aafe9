export { needsExplanations, routeItem } from './route-item.ts';
export type { RouteChannel, RouteDecision } from './route-item.ts';
export { createChannelRoutes, routeChannels, type ChannelRoutes } from './channel-routes.ts';
