/**
 * docker-compose.yml without Docker: after Compose's variable interpolation (an environment with
 * only RADAR_METRICS_TOKEN, so every default applies; and with nothing, as a fresh clone) the file validates against the Compose Specification's JSON schema
 * (test/ops/compose-spec.json, from github.com/compose-spec/compose-spec, schema/compose-spec.json
 * at commit a08f8d51631b7127ddac3d2c65537db429d0f1d0), and the checks `docker compose --profile scale config`
 * and `up --scale` make hold: the default is one instance on SQLite; the `scale` profile adds
 * PostgreSQL (health-checked with pg_isready) and a service that can run as several replicas (no
 * container name, no published port) on it, health-checked on /readyz. Each instance's HTTP server
 * listens on 0.0.0.0 inside its container (a published port or a Prometheus on the Compose network
 * could not reach 127.0.0.1 there), the single one's port is published on the host's loopback only,
 * and /metrics asks for the token: without it Radar refuses to start (its own configuration check
 * runs on each service's environment here). The README's "Scaling out"
 * commands use this file's profile, services and database URL.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadConfig, PROJECT_ROOT } from '../../src/config/index.ts';

type Service = {
  image?: string;
  build?: unknown;
  profiles?: string[];
  container_name?: string;
  ports?: unknown[];
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
  volumes?: string[];
};

/**
 * Compose interpolation: $$ is a dollar, ${VAR:-default} / ${VAR-default} / ${VAR} / $VAR from `env`;
 * ${VAR:?message} (unset or empty) and ${VAR?message} (unset) stop with the message, as Compose does.
 */
function interpolate(value: unknown, env: Record<string, string>): unknown {
  if (typeof value === 'string') {
    return value.replace(/\$(\$|\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))/g, (_m, dollar: string, name?: string, op?: string, fallback?: string, bare?: string) => {
      if (dollar === '$') return '$';
      const key = name ?? bare!;
      const set = env[key];
      if (op === ':-') return set ? set : fallback ?? '';
      if (op === '-') return set ?? fallback ?? '';
      if ((op === ':?' && !set) || (op === '?' && set === undefined)) throw new Error(`required variable ${key} is missing a value: ${fallback}`);
      return set ?? '';
    });
  }
  if (Array.isArray(value)) return value.map((v) => interpolate(v, env));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, interpolate(v, env)]));
  return value;
}

/** What .env must hold: Radar refuses to start without it. */
const ENV = { RADAR_METRICS_TOKEN: 'compose-metrics-token-4e1d9b' };
const raw = parse(readFileSync(resolve(PROJECT_ROOT, 'docker-compose.yml'), 'utf8')) as unknown;
const compose = interpolate(raw, ENV) as { services: Record<string, Service>; volumes: Record<string, unknown> };
const services = compose.services;

/** The services `docker compose [--profile …] up` starts: those without a profile, and those of an active profile. */
const enabled = (profiles: string[]) => Object.keys(services).filter((name) => !services[name]!.profiles || services[name]!.profiles!.some((p) => profiles.includes(p)));

/** The service and its dependencies, as `up <service>` starts them. */
const withDependencies = (name: string): string[] => [name, ...Object.keys(services[name]!.depends_on ?? {}).flatMap(withDependencies)];

describe('docker-compose.yml', () => {
  it('validates against the Compose Specification schema', () => {
    // A draft-07 schema, Ajv's default dialect; its `$schema` names draft 7 by an https URL Ajv does not register.
    const { $schema, ...schema } = JSON.parse(readFileSync(resolve(PROJECT_ROOT, 'test/ops/compose-spec.json'), 'utf8')) as { $schema: string };
    expect($schema).toMatch(/draft-07/);
    // Formats such as "duration" are Compose's own; Docker checks them, the schema's structure is checked here.
    const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false });
    const validate = ajv.compile(schema);
    const valid = validate(compose);
    expect(validate.errors ?? [], JSON.stringify(validate.errors, null, 2)).toEqual([]);
    expect(valid).toBe(true);
    // And a file the schema must refuse is refused (the check can fail).
    expect(validate({ services: { radar: { build: '.', healthcheck: { test: 42 } } } })).toBe(false);
    expect(validate({ services: { radar: { biuld: '.' } } })).toBe(false);
  });

  it('runs one instance on SQLite by default', () => {
    expect(enabled([])).toEqual(['radar']);
    expect(services.radar!.environment).toMatchObject({ RADAR_DB: '/data/radar.sqlite' });
    expect(services.radar!.volumes).toContain('radar-data:/data');
  });

  it('has a scale profile: PostgreSQL 15 with pg_isready, and replicas on it health-checked on /readyz', () => {
    expect(enabled(['scale']).sort()).toEqual(['postgres', 'radar', 'radar-scaled']);
    const postgres = services.postgres!;
    expect(postgres.image).toBe('postgres:15');
    expect(postgres.healthcheck!.test.join(' ')).toMatch(/pg_isready -U radar -d radar/);

    const replica = services['radar-scaled']!;
    expect(replica.container_name).toBeUndefined(); // a fixed name would stop the second replica
    expect(replica.ports).toBeUndefined(); // so would a published host port
    expect(replica.depends_on).toEqual({ postgres: { condition: 'service_healthy' } });
    const { POSTGRES_USER: user, POSTGRES_PASSWORD: password, POSTGRES_DB: db } = postgres.environment!;
    expect(replica.environment!.DATABASE_URL).toBe(`postgres://${user}:${password}@postgres:5432/${db}`);
    const port = replica.environment!.RADAR_HTTP_PORT;
    expect(replica.healthcheck!.test.join(' ')).toContain(`http://127.0.0.1:${port}/readyz`);
    // `up radar-scaled` starts PostgreSQL with it, not the single instance.
    expect(withDependencies('radar-scaled')).toEqual(['radar-scaled', 'postgres']);
  });

  it('reads without .env (a fresh `docker compose config`), and then Radar refuses to start, naming RADAR_METRICS_TOKEN', () => {
    const fresh = interpolate(raw, {}) as typeof compose;
    const { $schema: _schema, ...schema } = JSON.parse(readFileSync(resolve(PROJECT_ROOT, 'test/ops/compose-spec.json'), 'utf8')) as { $schema: string };
    const validate = new Ajv({ allErrors: true, strict: false, validateFormats: false }).compile(schema);
    expect(validate(fresh), JSON.stringify(validate.errors)).toBe(true);
    for (const name of ['radar', 'radar-scaled']) {
      expect(() => loadConfig(fresh.services[name]!.environment!), name).toThrow(/RADAR_HTTP_HOST: "0\.0\.0\.0" reaches beyond this machine and \/metrics would answer anyone: set RADAR_METRICS_TOKEN/);
    }
  });

  it('binds each instance on 0.0.0.0 in its container, publishes the single one on the host\'s loopback, and guards /metrics with the token', () => {
    for (const name of ['radar', 'radar-scaled']) {
      const service = services[name]!;
      const config = loadConfig(service.environment!);
      expect(config.http, name).toMatchObject({ host: '0.0.0.0', port: 8080 });
      expect(config.metrics.token, name).toBe(ENV.RADAR_METRICS_TOKEN);
      expect(service.healthcheck!.test.join(' '), name).toContain(`http://127.0.0.1:${config.http!.port}/readyz`);
      // Without the token Radar itself would not start either.
      const { RADAR_METRICS_TOKEN: _token, ...open } = service.environment!;
      expect(() => loadConfig(open), name).toThrow(/RADAR_HTTP_HOST: "0\.0\.0\.0" reaches beyond this machine/);
    }
    expect(services.radar!.ports).toEqual(['127.0.0.1:8080:8080']);
    // No service publishes a port beyond the host's loopback.
    const published = Object.entries(services).flatMap(([name, s]) => (s.ports ?? []).map((port) => `${name} ${String(port)}`));
    expect(published.filter((p) => !/^\S+ 127\.0\.0\.1:\d+:\d+$/.test(p))).toEqual([]);
  });

  it('is what the README\'s "Scaling out" commands use', () => {
    const readme = readFileSync(resolve(PROJECT_ROOT, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## Scaling out'));
    const commands = section.slice(0, section.indexOf('\n## ', 4)).split('\n').filter((l) => l.startsWith('docker compose'));
    expect(commands.length).toBeGreaterThanOrEqual(3);
    for (const command of commands) {
      for (const [, profile] of command.matchAll(/--profile (\S+)/g)) expect(Object.values(services).some((s) => s.profiles?.includes(profile!))).toBe(true);
      for (const [, name] of command.matchAll(/--scale ([\w-]+)=\d+/g)) expect(services[name!]?.container_name ?? null).toBeNull();
    }
    const migrate = commands.find((c) => c.includes(' migrate --from '));
    expect(migrate).toBeDefined();
    const [, service, from, to] = /run --rm ([\w-]+) migrate --from sqlite:(\S+) --to (\S+)$/.exec(migrate!)!;
    expect(services[service!]!.environment!.RADAR_DB).toBe(from);
    expect(interpolate(to, {})).toBe(services['radar-scaled']!.environment!.DATABASE_URL);
    const up = commands.find((c) => c.includes('--scale'))!;
    expect(up).toMatch(/^docker compose --profile scale up -d --scale radar-scaled=3 radar-scaled$/);
  });
});
