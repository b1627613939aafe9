export { createMetrics, secondsSince, type ArticleOutcome, type DeliveryKind, type DeliveryOutcome, type FetchOutcome, type Metrics, type ScrapeSource } from './metrics.ts';
