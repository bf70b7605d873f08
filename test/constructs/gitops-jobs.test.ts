import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Chart, Duration } from 'cdk8s';
import * as YAML from 'yaml';
import { BoundedCronJob, BoundedJob, BoundedJobProps, GitOpsEngine, ProductionApp } from '../../src';
import { FLUX_NO_TTL_REASON } from '../../constructs/bounded-job';
import { GITOPS_CONTEXT } from '../../constructs/gitops';
import { run } from '../cli-helpers';
import { propErrorOf } from './refusal';

/**
 * Issue 18: a BoundedJob under Argo CD or Flux. Both engines apply again what the cluster lost,
 * so a Job its TTL deleted would run again: under Argo CD it is a sync hook, under Flux it has a
 * content-hashed name and no TTL. The folder is then rendered by kustomize and checked by
 * `cdk8s-prod check`, as a GitOps repository would be.
 */

const IMAGE = 'registry.example.com/shop/migrate:1.0.0';
const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-prod-gitops-'));
const hasKubectl = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' }).status === 0;

function migrate(gitops: GitOpsEngine | undefined, props: Partial<BoundedJobProps> = {}, id = 'migrate') {
  const outdir = path.join(tmp(), 'dist');
  const app = new ProductionApp({ outdir, ...(gitops ? { gitops } : {}) });
  const chart = new Chart(app, 'shop', { namespace: 'shop' });
  const x = new BoundedJob(chart, id, { image: IMAGE, resources: 'nano', activeDeadline: Duration.minutes(5), ...props });
  return { app, chart, outdir, x, job: x.job.toJson() as any };
}

describe('BoundedJob under a GitOps engine', () => {
  test('none (the default): a plain Job with its name and a TTL', () => {
    for (const { x, job, app } of [migrate(undefined), migrate('none')]) {
      expect(app.gitops).toBe('none');
      expect(x.gitops).toBe('none');
      expect(job.metadata.name).toBe('migrate');
      expect(job.metadata.annotations).toBeUndefined();
      expect(job.spec.ttlSecondsAfterFinished).toBe(86400);
    }
  });

  test('argocd: a Sync hook, deleted before the next sync creates it, with a content-hashed name and its TTL', () => {
    const { x, job, app } = migrate('argocd');
    expect(x.gitops).toBe('argocd');
    expect(job.metadata.name).toMatch(/^migrate-[0-9a-f]{10}$/);
    expect(job.metadata.annotations).toEqual({ 'argocd.argoproj.io/hook': 'Sync', 'argocd.argoproj.io/hook-delete-policy': 'BeforeHookCreation' });
    expect(job.spec.ttlSecondsAfterFinished).toBe(86400);
    expect(app.audit().findings).toEqual([]);
    expect(app.audit().suppressed).toEqual([]);
  });

  test('argocd: syncPhase chooses the phase (PreSync for a migration)', () => {
    expect(migrate('argocd', { syncPhase: 'PreSync' }).job.metadata.annotations['argocd.argoproj.io/hook']).toBe('PreSync');
    expect(migrate('argocd', { syncPhase: 'PostSync' }).job.metadata.annotations['argocd.argoproj.io/hook']).toBe('PostSync');
  });

  test('flux: a content-hashed name, no TTL (the reason recorded as a suppression), replaced if an immutable field changes', () => {
    const { x, job, app } = migrate('flux');
    expect(x.gitops).toBe('flux');
    expect(job.metadata.name).toMatch(/^migrate-[0-9a-f]{10}$/);
    expect(job.spec.ttlSecondsAfterFinished).toBeUndefined();
    expect(job.metadata.annotations['kustomize.toolkit.fluxcd.io/force']).toBe('enabled');
    expect(job.metadata.annotations['cdk8s-prod.io/suppress.job-ttl-seconds-after-finished']).toBe(FLUX_NO_TTL_REASON);
    const report = app.audit();
    expect(report.findings).toEqual([]);
    expect(report.suppressed.map((f) => [f.rule, f.kind, f.suppressedBecause])).toEqual([['job-ttl-seconds-after-finished', 'Job', FLUX_NO_TTL_REASON]]);
  });

  test.each([['argocd'], ['flux']] as const)('%s: the name changes with the Job and only with it', (gitops) => {
    const name = (props: Partial<BoundedJobProps> = {}) => migrate(gitops, props).job.metadata.name;
    expect(name()).toBe(name());
    expect(name({ image: 'registry.example.com/shop/migrate:1.0.1' })).not.toBe(name());
    expect(name({ args: ['--dry-run'] })).not.toBe(name());
    expect(name({ activeDeadline: Duration.minutes(6) })).not.toBe(name());
    expect(migrate('argocd').job.metadata.name).not.toBe(migrate('flux').job.metadata.name);
  });

  test('a long name is cut so the hashed one fits the 63 characters of the job-name label', () => {
    const id = 'a'.repeat(60);
    const { job, app } = migrate('flux', {}, id);
    expect(job.metadata.name).toMatch(new RegExp(`^${'a'.repeat(52)}-[0-9a-f]{10}$`));
    expect(job.metadata.name).toHaveLength(63);
    expect(app.audit().findings).toEqual([]);
  });

  test('a BoundedCronJob is the same under every engine', () => {
    const cron = (gitops: GitOpsEngine) => {
      const app = new ProductionApp({ outdir: path.join(tmp(), 'dist'), gitops });
      return new BoundedCronJob(new Chart(app, 'shop', { namespace: 'shop' }), 'nightly', {
        image: IMAGE, resources: 'nano', schedule: '0 3 * * *', activeDeadline: Duration.minutes(5),
      }).cronJob.toJson();
    };
    expect(cron('argocd')).toEqual(cron('none'));
    expect(cron('flux')).toEqual(cron('none'));
  });

  (hasKubectl ? test.each : test.skip.each)([['none'], ['argocd'], ['flux']] as const)(
    '%s: kustomize renders the folder with the Job as written, and check passes it', (gitops) => {
      const { app, outdir, job } = migrate(gitops);
      app.synth();
      const r = spawnSync('kubectl', ['kustomize', outdir], { encoding: 'utf8' });
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      const rendered = YAML.parseAllDocuments(r.stdout).map((d) => d.toJS()).find((o) => o.kind === 'Job');
      expect(rendered).toEqual(job);
      const check = run(['check', outdir, '--format', 'json']);
      expect(check.code).toBe(0);
      expect(JSON.parse(check.out).findings).toEqual([]);
    });
});

describe('cdk8s-prod synth --gitops', () => {
  const BIN = path.join(__dirname, '..', '..', 'bin', 'cdk8s-prod.js');
  const synth = (args: string[]) => spawnSync(process.execPath, [BIN, 'synth', '--apps', 'apps', ...args], {
    cwd: path.join(__dirname, '..', '..'), encoding: 'utf8', env: { ...process.env, CDK8S_CHECK_UPGRADE: 'false' }, timeout: 120000,
  });

  test('writes the shop\'s migration for Flux, and leaves the committed dist/ alone', () => {
    const committed = path.join(__dirname, '..', '..', 'dist', 'shop', 'shop.k8s.yaml');
    const before = fs.readFileSync(committed, 'utf8');
    const out = path.join(tmp(), 'dist');
    const r = synth(['--out', out, '--gitops', 'flux']);
    expect(fs.readFileSync(committed, 'utf8')).toBe(before);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const jobs = YAML.parseAllDocuments(fs.readFileSync(path.join(out, 'shop', 'shop.k8s.yaml'), 'utf8')).map((d) => d.toJS()).filter((o) => o.kind === 'Job');
    expect(jobs.map((j) => [j.metadata.name.replace(/[0-9a-f]{10}$/, '<hash>'), j.metadata.annotations['kustomize.toolkit.fluxcd.io/force'], j.spec.ttlSecondsAfterFinished]))
      .toEqual([['migrate-<hash>', 'enabled', undefined]]);
  }, 120000);

  test('an engine it does not know is a usage error', () => {
    const r = synth(['--out', path.join(tmp(), 'dist'), '--gitops', 'argo']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('cdk8s-prod: --gitops must be one of argocd, flux, none; got "argo"\nusage: cdk8s-prod synth');
  }, 120000);
});

describe('BoundedJob under a GitOps engine: refused', () => {
  test('a TTL under Flux', () => {
    const { chart } = migrate('flux', {}, 'first');
    expect(propErrorOf(() => new BoundedJob(chart, 'migrate', { image: IMAGE, resources: 'nano', activeDeadline: Duration.minutes(5), ttlAfterFinished: Duration.hours(1) })).message)
      .toBe('shop/migrate: invalid ttlAfterFinished: got Duration "60 minutes"; nothing under Flux (gitops: "flux"), which applies again a Job its TTL deleted, so it would run again');
  });

  test.each([['none'], ['flux']] as const)('a sync phase under %s', (gitops) => {
    const { chart } = migrate(gitops, {}, 'first');
    expect(propErrorOf(() => new BoundedJob(chart, 'migrate', { image: IMAGE, resources: 'nano', activeDeadline: Duration.minutes(5), syncPhase: 'PreSync' })).message)
      .toBe(`shop/migrate: invalid syncPhase: got "PreSync"; nothing: sync phases are Argo CD's, and this app's gitops engine is "${gitops}"`);
  });

  test('a sync phase Argo CD does not have', () => {
    const { chart } = migrate('argocd', {}, 'first');
    expect(propErrorOf(() => new BoundedJob(chart, 'migrate', { image: IMAGE, resources: 'nano', activeDeadline: Duration.minutes(5), syncPhase: 'SyncFail' as any })).message)
      .toBe('shop/migrate: invalid syncPhase: got "SyncFail"; one of "PreSync", "Sync", "PostSync"');
  });

  test('an engine ProductionApp does not know', () => {
    expect(() => new ProductionApp({ outdir: tmp(), gitops: 'spinnaker' as any }))
      .toThrow('ProductionApp: gitops must be one of "argocd", "flux", "none"; got "spinnaker"');
    expect(() => new ProductionApp({ outdir: tmp(), gitops: null as any }))
      .toThrow('ProductionApp: gitops must be one of "argocd", "flux", "none"; got null');
  });

  test('a context value that is no engine, set below the app', () => {
    const app = new ProductionApp({ outdir: tmp(), gitops: 'argocd' });
    const chart = new Chart(app, 'shop', { namespace: 'shop' });
    chart.node.setContext(GITOPS_CONTEXT, 'Flux');
    expect(propErrorOf(() => new BoundedJob(chart, 'migrate', { image: IMAGE, resources: 'nano', activeDeadline: Duration.minutes(5) })).message)
      .toBe(`shop/migrate: invalid gitops: got "Flux"; one of "argocd", "flux", "none" (the context value "${GITOPS_CONTEXT}", set by ProductionApp's gitops prop)`);
  });
});
