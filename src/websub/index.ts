/**
 * WebSub subscriber (W3C Recommendation): hubs discovered in feeds, subscriptions kept by the
 * leader, the callback on Radar's HTTP server, pushed bodies through the pipeline.
 * @see https://www.w3.org/TR/websub/
 */
export { createWebSub, type WebSub, type WebSubDeps, type WebSubSettings } from './websub.ts';
export { discoverHub, linksFromHeader, type HubLink } from './discover.ts';
export { signatureProblem, signBody, type SignatureProblem } from './signature.ts';
export { maintainSubscriptions, callbackUrl, newCallbackId, newSecret, renewAt, type SubscriberDeps, type SubscriberSettings } from './subscriber.ts';
export { websubRoutes, type CallbackDeps, type PushedBody } from './callback.ts';
export { feedMode, isPushedAt, type FeedMode } from './mode.ts';
