import { Probe } from '../../src';

/** The props of a compliant web server, which the type tests spread and then break one field of. */
export const image = 'registry.example.com/shop/web:1.4.2';
export const base = {
  image,
  ports: [{ name: 'http', port: 8080 }],
  liveness: Probe.http('/healthz', { port: 'http' }),
  readiness: Probe.http('/ready', { port: 'http' }),
  resources: 'small' as const,
};
