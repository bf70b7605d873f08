import { probePortRule } from './_probe-port';

export const livenessPort = probePortRule({
  id: 'liveness-port',
  probe: 'livenessProbe',
  title: 'Liveness probe targets a declared port',
  pattern: 4,
  consequence: 'the kubelet restarts the container over and over',
  kubeLinter: 'liveness-port',
});
