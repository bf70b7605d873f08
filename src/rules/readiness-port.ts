import { probePortRule } from './_probe-port';

export const readinessPort = probePortRule({
  id: 'readiness-port',
  probe: 'readinessProbe',
  title: 'Readiness probe targets a declared port',
  pattern: 8,
  consequence: 'the pod never becomes ready, gets no traffic, and a rolling update stalls',
  kubeLinter: 'readiness-port',
});
