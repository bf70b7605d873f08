import * as fc from 'fast-check';
import { PORT_NAMES, PORT_NUMBERS, maybe } from './common';

/*
 * Probes over the ports a container may declare: httpGet, tcpSocket, grpc and exec handlers,
 * ports by number or name, declared or not, liveness equal to readiness or not.
 */

const port = fc.oneof(fc.constantFrom(...PORT_NUMBERS), fc.constantFrom(...PORT_NAMES));

const handler = fc.oneof(
  fc.record({ httpGet: fc.record({
    path: maybe(fc.constantFrom('/', '/healthz', '/ready', '')), port, scheme: maybe(fc.constantFrom('HTTP', 'HTTPS')), host: maybe(fc.constantFrom('', '127.0.0.1'), 3),
    httpHeaders: maybe(fc.array(fc.record({ name: fc.constantFrom('X-Probe', 'x-probe', 'Accept'), value: fc.constantFrom('1', 'json') }), { maxLength: 2 }), 2),
  }, { requiredKeys: ['port'] }) }),
  fc.record({ tcpSocket: fc.record({ port }) }),
  fc.record({ grpc: fc.record({ port: fc.constantFrom(...PORT_NUMBERS), service: maybe(fc.constantFrom('', 'health')) }, { requiredKeys: ['port'] }) }),
  fc.record({ exec: fc.record({ command: fc.constantFrom(['true'], ['/bin/check', '--ready']) }) }),
);

export const probe = fc.tuple(handler, fc.record({
  initialDelaySeconds: maybe(fc.constantFrom(0, 5, 30, 300)),
  periodSeconds: maybe(fc.constantFrom(5, 10)),
  failureThreshold: maybe(fc.constantFrom(1, 3)),
}, { requiredKeys: [] })).map(([h, t]) => ({ ...h, ...t }));

/** The ports a container declares (unique names and numbers). */
export const containerPorts = fc.uniqueArray(fc.tuple(fc.constantFrom(...PORT_NAMES), fc.constantFrom(...PORT_NUMBERS)), {
  maxLength: 3, selector: ([n]) => n,
}).map((pairs) => {
  const seen = new Set<number>();
  return pairs.filter(([, p]) => (seen.has(p) ? false : (seen.add(p), true)))
    .map(([name, containerPort], i) => (i % 2 === 0 ? { name, containerPort } : { containerPort }));
});

/** A container's probes; readiness is sometimes a copy of liveness. */
export const probes = fc.tuple(maybe(probe), maybe(probe), maybe(probe, 3), fc.boolean()).map(([liveness, readiness, startup, same]) => ({
  livenessProbe: liveness,
  readinessProbe: same && liveness ? structuredClone(liveness) : readiness,
  startupProbe: startup,
}));
