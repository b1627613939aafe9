export { createHttpApp, startHttpServer, type HttpServer, type HttpSettings, type Probe } from './server.ts';
