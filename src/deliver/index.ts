export { createDeliverer, retryDelay } from './deliver.ts';
export type { Deliverer, DelivererDeps, DeliveryChannel, DrainResult } from './deliver.ts';
