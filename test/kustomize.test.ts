import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { ROOT } from './cli-helpers';

const hasKubectl = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' }).status === 0;
if (!hasKubectl) console.warn('kubectl is not installed: the kustomize tests are skipped (install kubectl to run them)');

const apps = fs.readdirSync(path.join(ROOT, 'dist')).filter((d) => fs.statSync(path.join(ROOT, 'dist', d)).isDirectory());

describe('dist/ is GitOps-ready', () => {
  test('there is at least one app', () => {
    expect(apps.length).toBeGreaterThan(0);
  });

  (hasKubectl ? test.each(apps) : test.skip.each(apps))('kubectl kustomize dist/%s renders every manifest of the folder', (app) => {
    const r = spawnSync('kubectl', ['kustomize', path.join(ROOT, 'dist', app)], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const rendered = parseAllDocuments(r.stdout).map((d) => d.toJS()).filter(Boolean);
    const direct = fs.readdirSync(path.join(ROOT, 'dist', app))
      .filter((f) => f.endsWith('.k8s.yaml'))
      .flatMap((f) => parseAllDocuments(fs.readFileSync(path.join(ROOT, 'dist', app, f), 'utf8')).map((d) => d.toJS()))
      .filter(Boolean);
    const key = (o: any) => `${o.kind}/${o.metadata?.namespace ?? ''}/${o.metadata?.name}`;
    expect(rendered.map(key).sort()).toEqual(direct.map(key).sort());
  });
});
