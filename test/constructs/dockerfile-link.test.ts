import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Chart, Duration } from 'cdk8s';
import { BoundedJob, PolicyError, ProductionApp, ProductionDeployment, Probe, errorsOf } from '../../src';
import { ROOT, run } from '../cli-helpers';

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'df-link-'));

function dockerfile(text: string): string {
  const file = path.join(tmp(), 'Dockerfile');
  fs.writeFileSync(file, text);
  return file;
}

const GOOD = [
  'FROM golang:1.22.10-bookworm AS build',
  'RUN go build -o /out/app ./cmd/app && apt-get update && apt-get install -y tini',
  'FROM gcr.io/distroless/static-debian12:nonroot@sha256:d093aa3e30dbadd3efe1310db061a14da60299baff8450a17fe0ccc514a16639',
  'COPY --from=build /usr/bin/tini-static /tini',
  'COPY --from=build /out/app /app',
  'USER 20001:20002',
  'ENTRYPOINT ["/tini", "--", "/app"]',
].join('\n');

function web(app: ProductionApp, file: string, extra: Record<string, unknown> = {}) {
  return new ProductionDeployment(new Chart(app, 'shop', { namespace: 'shop' }), 'web', {
    image: 'registry.example.com/shop/web:1.0.0',
    dockerfile: file,
    ports: [{ name: 'http', port: 8080 }],
    liveness: Probe.http('/healthz', { port: 'http' }),
    readiness: Probe.http('/ready', { port: 'http' }),
    resources: 'small',
    ...extra,
  });
}

describe('a workload names the Dockerfile of its image', () => {
  test('its init replaces shareProcessNamespace and its numeric USER becomes the pod\'s user', () => {
    const app = new ProductionApp({ outdir: tmp() });
    const d = web(app, dockerfile(GOOD));
    const pod = d.deployment.toJson().spec.template;
    expect(pod.metadata.annotations).toEqual({ 'cdk8s-prod.io/init': 'tini' });
    expect(pod.spec.shareProcessNamespace).toBeUndefined();
    expect(pod.spec.securityContext).toMatchObject({ runAsUser: 20001, runAsGroup: 20002, fsGroup: 20002 });
    expect(d.dockerfileFacts).toEqual({ init: 'tini', user: { raw: '20001:20002', uid: 20001, gid: 20002 }, finalBase: 'gcr.io/distroless/static-debian12:nonroot@sha256:d093aa3e30dbadd3efe1310db061a14da60299baff8450a17fe0ccc514a16639' });
    expect(app.audit().findings).toEqual([]);
  });

  test('explicit props still win over what the Dockerfile says', () => {
    const app = new ProductionApp({ outdir: tmp() });
    const d = web(app, dockerfile(GOOD), { podSecurity: { user: 30000, group: 30000 }, imageInit: 'dumb-init' });
    const pod = d.deployment.toJson().spec.template;
    expect(pod.metadata.annotations).toEqual({ 'cdk8s-prod.io/init': 'dumb-init' });
    expect(pod.spec.securityContext).toMatchObject({ runAsUser: 30000, runAsGroup: 30000 });
  });

  test('a Dockerfile without init or user leaves the defaults: shared PID namespace, uid 10001', () => {
    const app = new ProductionApp({ outdir: tmp(), onWarning: () => undefined });
    const d = web(app, dockerfile('FROM gcr.io/distroless/static-debian12:nonroot@sha256:d093aa3e30dbadd3efe1310db061a14da60299baff8450a17fe0ccc514a16639\nCOPY app /app\nENTRYPOINT ["/app"]\n'));
    const pod = d.deployment.toJson().spec.template;
    expect(pod.spec.shareProcessNamespace).toBe(true);
    expect(pod.spec.securityContext.runAsUser).toBe(10001);
  });

  test('a finding in the Dockerfile fails the synth like any rule, with the construct path, file and line', () => {
    const outdir = path.join(tmp(), 'dist');
    const app = new ProductionApp({ outdir });
    const file = dockerfile('FROM ubuntu:20.04\nRUN apt-get update && apt-get install -y gcc\nCOPY hello.c /build/hello.c\nRUN gcc /build/hello.c -o /build/hello\nENTRYPOINT ["/build/hello"]\n');
    web(app, file);
    let err: PolicyError | undefined;
    try { app.synth(); } catch (e) { err = e as PolicyError; }
    expect(err).toBeInstanceOf(PolicyError);
    expect(errorsOf(err!.report).map((f) => [f.rule, f.constructPath, f.line])).toEqual([
      ['dockerfile-user-non-root', 'shop/web', 1],
      ['dockerfile-build-in-runtime', 'shop/web', 2],
      ['dockerfile-build-in-runtime', 'shop/web', 4],
    ]);
    expect(fs.existsSync(outdir)).toBe(false);
  });

  test('a Dockerfile that does not exist is refused, naming the path', () => {
    const app = new ProductionApp({ outdir: tmp() });
    expect(() => web(app, 'no/such/Dockerfile'))
      .toThrow(`shop/web: invalid dockerfile: got "no/such/Dockerfile (${path.resolve('no/such/Dockerfile')})" (no such file); the path of a readable Dockerfile`);
  });

  test.each([
    ['an empty file', ''],
    ['comments only', '# the base image is chosen by the platform team\n'],
    ['instructions without a FROM', 'RUN make\nENTRYPOINT ["/app"]\n'],
  ])('a Dockerfile that builds no image (%s) is refused, naming the path', (_what, text) => {
    const app = new ProductionApp({ outdir: tmp() });
    const file = dockerfile(text);
    expect(() => web(app, file)).toThrow(`shop/web: invalid dockerfile: got "${file}" (it builds no image); a Dockerfile with a FROM instruction`);
  });

  test('a dockerfile prop that is no path is refused', () => {
    expect(() => web(new ProductionApp({ outdir: tmp() }), '')).toThrow('shop/web: invalid dockerfile: got ""; the path of the Dockerfile that builds the image');
    expect(() => web(new ProductionApp({ outdir: tmp() }), 42 as any)).toThrow('shop/web: invalid dockerfile: got 42; the path of the Dockerfile that builds the image');
  });

  test('batch work takes it too', () => {
    const app = new ProductionApp({ outdir: tmp() });
    const j = new BoundedJob(new Chart(app, 'shop', { namespace: 'shop' }), 'migrate', {
      image: 'registry.example.com/shop/migrate:1.0.0', dockerfile: dockerfile(GOOD), activeDeadline: Duration.minutes(5), resources: 'nano',
    });
    expect(j.job.toJson().spec.template.metadata.annotations).toEqual({ 'cdk8s-prod.io/init': 'tini' });
    expect(app.audit().findings).toEqual([]);
  });
});

describe('registry allow-list on ProductionApp', () => {
  test('images from other registries fail the synth', () => {
    const app = new ProductionApp({ outdir: tmp(), allowedRegistries: ['registry.internal'] });
    web(app, dockerfile(GOOD));
    expect(errorsOf(app.audit()).map((f) => [f.rule, f.path])).toEqual([['image-registry-allowed', 'spec.template.spec.containers[0].image']]);
    const ok = new ProductionApp({ outdir: tmp(), allowedRegistries: ['registry.example.com/shop'] });
    web(ok, dockerfile(GOOD));
    expect(ok.audit().findings).toEqual([]);
  });
});

describe('the shipped apps', () => {
  test('`cdk8s-prod check apps/` reports nothing for the shipped Dockerfiles', () => {
    const r = run(['check', 'apps', '--format', 'json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).findings).toEqual([]);
    const dockerfiles = ['api', 'migrate', 'report', 'storefront', 'weather'].map((i) => `apps/shop/images/${i}/Dockerfile`);
    for (const f of dockerfiles) expect(fs.existsSync(path.join(ROOT, f))).toBe(true);
    expect(JSON.parse(r.out).summary.objects).toBe(dockerfiles.length);
  });
});
