export { createDeliverer, retryDelay } from './deliver.ts';
export type { Deliverer, DelivererDeps, DeliveryChannel, DrainOptions, DrainResult } from './deliver.ts';
