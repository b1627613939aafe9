export { createHttpApp, startHttpServer, type HttpServer, type HttpSettings, type Probe } from './server.ts';
export { PAGE_COOKIE, type PageAccess } from './page-access.ts';
export { readStatusPage, type StatusPageData, type StatusPageSource } from './status-data.ts';
