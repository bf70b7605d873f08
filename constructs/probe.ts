import { Duration } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { IConstruct } from 'constructs';
import { refuse } from './errors';
import { checkDuration, checkInteger } from './validate';

export interface ProbeTiming {
  /**
   * How often the probe runs.
   * @default Duration.seconds(10)
   */
  readonly period?: Duration;
  /**
   * How long one attempt may take.
   * @default Duration.seconds(1)
   */
  readonly timeout?: Duration;
  /**
   * Consecutive failures before the probe counts as failed.
   * @default 3
   */
  readonly failureThreshold?: number;
  /**
   * Delay before the first attempt. At most 60 s: a slow starter declares a startup probe instead.
   * @default no delay
   */
  readonly initialDelay?: Duration;
}

export interface PortProbeOptions extends ProbeTiming {
  /** The NAME of a port the container declares (probes never refer to a bare number). */
  readonly port: string;
}

type Handler =
  | { kind: 'http'; path: string; port: string }
  | { kind: 'tcp'; port: string }
  | { kind: 'grpc'; port: string; service?: string }
  | { kind: 'exec'; command: string[] };

/** Commands that succeed whatever the state of the process: a probe made of one checks nothing. */
const ALWAYS_SUCCEEDS = /^(?:true|:|echo\b.*|sleep\b.*|exit 0|\/bin\/true|\/usr\/bin\/true|cat \/dev\/null|ls\b.*|pwd|date)$/;

/**
 * A health check on a declared, named port (HTTP, TCP or gRPC), or a meaningful command.
 * Liveness and readiness take one each and must differ: a liveness probe that fails whenever
 * the pod is merely busy restarts healthy pods.
 */
export class Probe {
  /** An HTTP GET of `path` on a named port; 200–399 is healthy. */
  public static http(path: string, options: PortProbeOptions): Probe {
    return new Probe({ kind: 'http', path, port: options?.port }, options ?? {});
  }

  /** A TCP connect to a named port. */
  public static tcp(options: PortProbeOptions): Probe {
    return new Probe({ kind: 'tcp', port: options?.port }, options ?? {});
  }

  /** The gRPC health-checking protocol on a named port (resolved to its number, as the API requires). */
  public static grpc(options: PortProbeOptions & { readonly service?: string }): Probe {
    return new Probe({ kind: 'grpc', port: options?.port, service: options?.service }, options ?? {});
  }

  /** A command run in the container; exit 0 is healthy. It must actually check something. */
  public static exec(command: string[], options: ProbeTiming = {}): Probe {
    return new Probe({ kind: 'exec', command }, options ?? {});
  }

  private constructor(private readonly handler: Handler, private readonly timing: ProbeTiming) {}

  /** The named port the probe uses, if any. */
  public get port(): string | undefined {
    return this.handler.kind === 'exec' ? undefined : this.handler.port;
  }

  /** A key of what the probe checks (not when), to tell two probes apart. */
  public get handlerKey(): string {
    return JSON.stringify(this.handler);
  }

  /** What the probe checks, in words: `HTTP GET /healthz on port "http"`. */
  public describe(): string {
    const h = this.handler;
    switch (h.kind) {
      case 'http': return `HTTP GET ${h.path} on port "${h.port}"`;
      case 'tcp': return `a TCP connect to port "${h.port}"`;
      case 'grpc': return `gRPC health${h.service ? ` of "${h.service}"` : ''} on port "${h.port}"`;
      case 'exec': return `the command ${JSON.stringify(h.command)}`;
    }
  }

  /** The Kubernetes probe; `ports` maps the container's port names to their numbers and protocols. */
  public render(scope: IConstruct, prop: string, ports: ReadonlyMap<string, { port: number; protocol: string }>): k8s.Probe {
    const h = this.handler;
    if (h.kind !== 'exec') {
      // HTTP, TCP and gRPC probes all connect over TCP.
      const tcp = [...ports].filter(([, p]) => p.protocol === 'TCP').map(([name]) => name);
      if (!tcp.includes(h.port)) {
        const problem = ports.has(h.port) ? `port "${h.port}" is UDP; probes connect over TCP` : undefined;
        refuse(scope, `${prop}.port`, h.port, tcp.length
          ? `the name of a declared TCP port: ${tcp.map((p) => `"${p}"`).join(', ')}`
          : 'a declared TCP port, but the container declares none (add one to `ports`, or use Probe.exec)', problem);
      }
    }
    const t = this.timing;
    const timing: Partial<k8s.Probe> = {
      periodSeconds: t.period === undefined ? 10 : checkDuration(scope, `${prop}.period`, t.period, 1, 3600),
      timeoutSeconds: t.timeout === undefined ? 1 : checkDuration(scope, `${prop}.timeout`, t.timeout, 1, 600),
      failureThreshold: t.failureThreshold === undefined ? 3 : checkInteger(scope, `${prop}.failureThreshold`, t.failureThreshold, 1, 100),
      ...(t.initialDelay === undefined ? {} : {
        initialDelaySeconds: checkDuration(scope, `${prop}.initialDelay`, t.initialDelay, 0, 60,
          'a process that needs longer to start declares a startup probe, which holds liveness and readiness back until it succeeds'),
      }),
    };
    switch (h.kind) {
      case 'http':
        if (typeof h.path !== 'string' || !h.path.startsWith('/') || /\s/.test(h.path)) {
          refuse(scope, `${prop}.path`, h.path, 'an absolute URL path without spaces, e.g. "/healthz"');
        }
        return { httpGet: { path: h.path, port: k8s.IntOrString.fromString(h.port), scheme: 'HTTP' }, ...timing };
      case 'tcp':
        return { tcpSocket: { port: k8s.IntOrString.fromString(h.port) }, ...timing };
      case 'grpc':
        if (h.service !== undefined && (typeof h.service !== 'string' || h.service === '')) refuse(scope, `${prop}.service`, h.service, 'a gRPC service name (a non-empty string)');
        return { grpc: { port: ports.get(h.port)!.port, ...(h.service ? { service: h.service } : {}) }, ...timing };
      case 'exec': {
        const cmd = h.command;
        if (!Array.isArray(cmd) || cmd.length === 0 || cmd.some((c) => typeof c !== 'string' || c === '')) {
          refuse(scope, `${prop}.command`, cmd, 'a non-empty list of non-empty strings, e.g. ["/app/healthcheck", "--live"]');
        }
        const program = cmd[0].split('/').pop()!;
        const shellBody = ['sh', 'bash', 'ash', 'dash'].includes(program) && cmd[1] === '-c' ? (cmd[2] ?? '').trim() : undefined;
        const text = shellBody ?? cmd.map((c, i) => (i === 0 ? program : c)).join(' ');
        if (ALWAYS_SUCCEEDS.test(text)) {
          refuse(scope, `${prop}.command`, cmd, 'a command that fails when the process is unhealthy (a health endpoint client, a status query)', 'it succeeds whatever the state of the process');
        }
        return { exec: { command: cmd }, ...timing };
      }
    }
  }
}
