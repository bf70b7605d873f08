import { ChildProcess, spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';

/** The nginx binary, or undefined when it is not installed (the tests then skip and say how to install it). */
export function findNginx(): string | undefined {
  for (const p of ['/usr/sbin/nginx', '/usr/local/sbin/nginx', '/usr/bin/nginx']) if (fs.existsSync(p)) return p;
  const which = spawnSync('sh', ['-c', 'command -v nginx'], { encoding: 'utf8' });
  return which.status === 0 && which.stdout.trim() ? which.stdout.trim() : undefined;
}

export const NGINX = findNginx();
export const INSTALL_HINT = 'nginx is not installed: the nginx behaviour tests are skipped. Install it with `apt-get install -y nginx` (.ci/run does).';

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

/**
 * Rewrites only the addresses of the emitted config to loopback ports: the proxy's listen port,
 * the app's upstream address and the internal open-circuit port. Everything else is the exact text.
 */
export function toLoopback(config: string,
  ports: { listen: number; listenAs: number; app: number; appAs: number; fallback?: number; fallbackAs?: number }): string {
  let out = config.replace(new RegExp(`^(\\s*)listen ${ports.listen};$`, 'm'), `$1listen 127.0.0.1:${ports.listenAs};`);
  out = out.split(`127.0.0.1:${ports.app};`).join(`127.0.0.1:${ports.appAs};`);
  out = out.split(`127.0.0.1:${ports.app} `).join(`127.0.0.1:${ports.appAs} `);
  if (ports.fallback !== undefined) out = out.split(`127.0.0.1:${ports.fallback}`).join(`127.0.0.1:${ports.fallbackAs}`);
  return out;
}

/** `nginx -t` over a config text; returns nginx's verdict. */
export function nginxTest(config: string): { ok: boolean; output: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nginx-t-'));
  fs.writeFileSync(path.join(dir, 'nginx.conf'), config);
  // stdout is /dev/null, not a pipe: Node's pipes are sockets, which `access_log /dev/stdout` cannot open.
  const r = spawnSync(NGINX!, ['-t', '-p', `${dir}/`, '-e', 'stderr', '-c', path.join(dir, 'nginx.conf')], { encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'] });
  fs.rmSync(dir, { recursive: true, force: true });
  return { ok: r.status === 0, output: r.stderr };
}

export interface RunningNginx {
  readonly port: number;
  stop(): Promise<void>;
}

/** Runs nginx in the foreground (the config says `daemon off`) with a temporary prefix, as the pod runs it with /tmp. */
export async function startNginx(config: string, port: number): Promise<RunningNginx> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nginx-run-'));
  fs.writeFileSync(path.join(dir, 'nginx.conf'), config);
  const child: ChildProcess = spawn(NGINX!, ['-p', `${dir}/`, '-e', 'stderr', '-c', path.join(dir, 'nginx.conf')], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d) => { stderr += d; });
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`nginx exited with ${child.exitCode}: ${stderr}`);
    const ready = await request(port, '/__proxy/ready').then((r) => r.status === 200, () => false);
    if (ready) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`nginx did not become ready: ${stderr}`);
    }
    await sleep(50);
  }
  return {
    port,
    stop: () => new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => {
        fs.rmSync(dir, { recursive: true, force: true });
        resolve();
      });
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 3000).unref();
    }),
  };
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

export interface Answer {
  readonly status: number;
  readonly body: string;
  readonly ms: number;
}

/** One GET on a new connection (no keep-alive, so each request is its own client connection). */
export function request(port: number, urlPath = '/', timeoutMs = 10_000): Promise<Answer> {
  const start = Date.now();
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path: urlPath, agent: false, timeout: timeoutMs }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c) => { body += c; });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, ms: Date.now() - start }));
    });
    req.on('timeout', () => req.destroy(new Error('client timeout')));
    req.on('error', reject);
  });
}

/** An upstream app whose delay and status the test controls, counting the requests that reach it. */
export class FakeApp {
  public hits = 0;
  public delayMs = 0;
  public status = 200;
  private readonly server: http.Server;
  private readonly sockets = new Set<net.Socket>();

  constructor() {
    this.server = http.createServer((req, res) => {
      this.hits++;
      const { delayMs, status } = this;
      const timer = setTimeout(() => {
        res.writeHead(status, { 'content-type': 'text/plain' });
        res.end(`app ${req.url}\n`);
      }, delayMs);
      res.on('close', () => clearTimeout(timer));
    });
    this.server.on('connection', (s) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
  }

  public listen(port: number): Promise<void> {
    return new Promise((resolve) => this.server.listen(port, '127.0.0.1', () => resolve()));
  }

  public close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
