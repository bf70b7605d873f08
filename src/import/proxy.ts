import { Code, Value } from './code';
import { durationCode } from './pod';

/**
 * The circuit breaker and rate limit of the nginx sidecar ProductionDeployment writes, read back
 * from its nginx.conf (the only place they are written), as the props that make them.
 */
export function proxyProps(conf: string, sidecar: Record<string, any>, fronted: string,
  defaults: { port: number; image: string }): Record<string, Value> {
  const out: Record<string, Value> = {};
  const rate = /rate=(\d+)r\/s;/.exec(conf);
  if (rate) {
    const burst = /limit_req zone=per_client(?: burst=(\d+))?( nodelay)?;/.exec(conf);
    const conns = /limit_conn connections_per_client (\d+);/.exec(conf);
    const status = /limit_req_status (\d+);/.exec(conf);
    out.rateLimit = {
      requestsPerSecond: Number(rate[1]),
      burst: Number(burst?.[1] ?? 0),
      ...(burst && !burst[2] ? { nodelay: false } : {}),
      ...(conns ? { connectionsPerClient: Number(conns[1]) } : {}),
      ...(status && status[1] !== '429' ? { status: Number(status[1]) } : {}),
    };
  }
  const fails = /max_fails=(\d+) fail_timeout=(\d+)s;/.exec(conf);
  if (fails) {
    const timeout = /proxy_read_timeout (\d+)(ms|s);/.exec(conf);
    const open = /location @circuit_open \{\s*default_type "((?:[^"\\]|\\.)*)";\s*return (\d+) "((?:[^"\\]|\\.)*)";/.exec(conf);
    const unquote = (s: string) => s.replace(/\\(.)/g, '$1');
    const ms = timeout ? Number(timeout[1]) * (timeout[2] === 's' ? 1000 : 1) : undefined;
    const breaker: Record<string, Value> = {
      ...(ms !== undefined ? { timeout: ms % 1000 === 0 ? durationCode(ms / 1000) : new Code(`Duration.millis(${ms})`) } : {}),
      failures: Number(fails[1]),
      openFor: durationCode(Number(fails[2])),
    };
    if (open) {
      if (open[2] !== '503') breaker.openStatus = Number(open[2]);
      breaker.openBody = unquote(open[3]);
      breaker.openContentType = unquote(open[1]);
    }
    const bypass = [...conf.matchAll(/location = (\S+) \{\s*proxy_pass http:\/\/app_direct;/g)].map((m) => m[1]);
    breaker.bypassPaths = bypass;
    out.circuitBreaker = breaker;
  }
  const listen = /\n {4}listen (\d+);/.exec(conf);
  const proxy: Record<string, Value> = {};
  if (listen && Number(listen[1]) !== defaults.port) proxy.port = Number(listen[1]);
  proxy.upstreamPort = fronted;
  if (typeof sidecar.image === 'string' && sidecar.image !== defaults.image) proxy.image = sidecar.image;
  out.proxy = proxy;
  return out;
}
