import { ContainerRef, isRecord } from '../k8s/manifest';

export type ProbeField = 'livenessProbe' | 'readinessProbe' | 'startupProbe';

/** The four probe handlers of the API; a valid probe has exactly one. */
export const PROBE_HANDLERS = ['httpGet', 'tcpSocket', 'grpc', 'exec'] as const;
export type ProbeHandler = typeof PROBE_HANDLERS[number];

/** Handlers that address a port. */
export const PORT_HANDLERS = ['httpGet', 'tcpSocket', 'grpc'] as const;

/** A probe of a container when it is set (null counts as unset). */
export function probeOf(c: ContainerRef, field: ProbeField): unknown {
  const p = c.container[field];
  return p === null ? undefined : p;
}

/** The handlers a probe sets (normally one). */
export function handlersOf(probe: unknown): ProbeHandler[] {
  if (!isRecord(probe)) return [];
  return PROBE_HANDLERS.filter((h) => probe[h] !== undefined && probe[h] !== null);
}

export interface DeclaredPort {
  readonly containerPort?: unknown;
  readonly name?: unknown;
}

/** The ports a container declares, skipping entries that are not objects. */
export function declaredPorts(c: ContainerRef): DeclaredPort[] {
  const ports = c.container.ports;
  return Array.isArray(ports) ? ports.filter(isRecord) : [];
}

/** Whether a probe port (a number or a port name) is one the container declares. */
export function portIsDeclared(c: ContainerRef, port: unknown): boolean {
  const ports = declaredPorts(c);
  if (typeof port === 'number') return ports.some((p) => p.containerPort === port);
  if (typeof port === 'string') return ports.some((p) => p.name === port);
  return false;
}

/** A named port resolved to its number when the container declares it; anything else unchanged. */
export function resolvePort(c: ContainerRef, port: unknown): unknown {
  if (typeof port !== 'string') return port;
  const match = declaredPorts(c).find((p) => p.name === port);
  return match && typeof match.containerPort === 'number' ? match.containerPort : port;
}

/** `"http" (8080), 9090` — how a container's declared ports read in messages. */
export function describeDeclaredPorts(c: ContainerRef): string {
  const ports = declaredPorts(c);
  if (ports.length === 0) return 'it declares no ports';
  const each = ports.map((p) => (p.name !== undefined
    ? `${JSON.stringify(p.name)} (${JSON.stringify(p.containerPort)})`
    : JSON.stringify(p.containerPort)));
  return `it declares ${each.join(', ')}`;
}

/**
 * The violation of a required probe: missing, not an object, or without a handler (the API
 * server rejects the last two, but a manifest on disk may still hold them).
 */
export function requiredProbeProblem(c: ContainerRef, field: ProbeField, who: string): string | undefined {
  const probe = probeOf(c, field);
  if (probe === undefined) return `${who} has no ${field}`;
  if (!isRecord(probe)) return `${who} has a ${field} of ${JSON.stringify(probe)}, which is not a probe`;
  if (handlersOf(probe).length === 0) return `the ${field} of ${who} has no handler (httpGet, tcpSocket, grpc or exec)`;
  return undefined;
}

/** JSON with object keys sorted, so that equal values give equal strings. */
function canonicalJson(x: unknown): string {
  if (Array.isArray(x)) return `[${x.map(canonicalJson).join(',')}]`;
  if (isRecord(x)) {
    return `{${Object.keys(x).sort().filter((k) => x[k] !== undefined).map((k) => `${JSON.stringify(k)}:${canonicalJson(x[k])}`).join(',')}}`;
  }
  return JSON.stringify(x) ?? 'null';
}

/** A handler with the API's defaults filled in and a named port resolved to its number. */
function normalizeHandler(c: ContainerRef, kind: ProbeHandler, h: unknown): unknown {
  if (!isRecord(h)) return h;
  switch (kind) {
    case 'httpGet': {
      const headers = Array.isArray(h.httpHeaders) ? h.httpHeaders : [];
      return {
        path: h.path === undefined || h.path === '' ? '/' : h.path,
        port: resolvePort(c, h.port),
        host: h.host ?? '',
        scheme: typeof h.scheme === 'string' ? h.scheme.toUpperCase() : 'HTTP',
        // Header names are case-insensitive and their order does not matter.
        httpHeaders: headers
          .map((x) => (isRecord(x) ? [String(x.name ?? '').toLowerCase(), x.value ?? ''] : x))
          .map(canonicalJson)
          .sort(),
      };
    }
    case 'tcpSocket': return { port: resolvePort(c, h.port), host: h.host ?? '' };
    case 'grpc': return { port: resolvePort(c, h.port), service: h.service ?? '' };
    case 'exec': return { command: h.command ?? [] };
  }
}

/**
 * What a probe checks, as a comparable string: its handler(s) normalised, timings ignored.
 * Undefined when the probe has no handler.
 */
export function probeHandlerKey(c: ContainerRef, probe: unknown): string | undefined {
  const handlers = handlersOf(probe);
  if (handlers.length === 0 || !isRecord(probe)) return undefined;
  const normalized: Record<string, unknown> = {};
  for (const h of handlers) normalized[h] = normalizeHandler(c, h, probe[h]);
  return canonicalJson(normalized);
}
