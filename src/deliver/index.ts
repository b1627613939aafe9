export { createDeliverer, retryDelay } from './deliver.ts';
export type { Deliverer, DelivererDeps, DeliveryChannel, DrainOptions, DrainResult } from './deliver.ts';
export { startRetryTimer } from './retry-timer.ts';
