import { probePortRule } from './_probe-port';

export const startupPort = probePortRule({
  id: 'startup-port',
  probe: 'startupProbe',
  title: 'Startup probe targets a declared port',
  pattern: 8,
  consequence: 'the container never counts as started and is killed once failureThreshold runs out',
  kubeLinter: 'startup-port',
});
