import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiObject, Chart } from 'cdk8s';
import { AppDefinition, ProductionApp, discoverApps, synthesizeApps } from '../src';
import { listFiles, replaceDirAtomically } from '../src/synth/atomic-dir';
import { compliantSet } from './fixtures';

function tmp(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-prod-synth-'));
}

function bytes(dir: string): Record<string, string> {
  return Object.fromEntries(listFiles(dir).map((f) => [f, fs.readFileSync(path.join(dir, f), 'utf8')]));
}

const quiet = { onWarning: () => undefined };

function compliantApp(name: string, namespace = 'shop'): AppDefinition {
  return {
    name,
    build: (app: ProductionApp) => {
      const chart = new Chart(app, name, { disableResourceNameHashes: true });
      compliantSet().forEach((o) => {
        if (o.metadata!.namespace) o.metadata!.namespace = namespace;
        if (o.kind === 'Namespace') o.metadata!.name = namespace;
        new ApiObject(chart, `${o.kind}-${o.metadata!.name}`, o as any);
      });
    },
  };
}

const failing: Record<string, AppDefinition> = {
  'a rule failure in the second app': {
    name: 'zz-bad',
    build: (app) => {
      const chart = new Chart(app, 'bad');
      new ApiObject(chart, 'pod', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'x' } });
    },
  },
  'an exception inside a construct': {
    name: 'zz-throws',
    build: (app) => {
      new Chart(app, 'c');
      throw new Error('boom in a construct');
    },
  },
  'a construct validation error': {
    name: 'zz-invalid',
    build: (app) => {
      const chart = new Chart(app, 'c');
      chart.node.addValidation({ validate: () => ['replicas must be positive'] });
    },
  },
};

describe('synthesizeApps', () => {
  test('one folder per app, stale files gone, two runs give identical bytes', () => {
    const out = path.join(tmp(), 'dist');
    fs.mkdirSync(path.join(out, 'old-app'), { recursive: true });
    fs.writeFileSync(path.join(out, 'old-app', 'stale.k8s.yaml'), 'stale');
    const apps = [compliantApp('shop'), compliantApp('team', 'team')];
    const first = synthesizeApps(apps, { outdir: out, appProps: quiet });
    expect(first.changed).toBe(true);
    expect(listFiles(out)).toEqual(['shop/kustomization.yaml', 'shop/shop.k8s.yaml', 'team/kustomization.yaml', 'team/team.k8s.yaml']);
    const once = bytes(out);
    const second = synthesizeApps(apps, { outdir: out, appProps: quiet });
    expect(second.changed).toBe(false);
    expect(bytes(out)).toEqual(once);
    expect(fs.readdirSync(path.dirname(out))).toEqual(['dist']);
  });

  test.each(Object.keys(failing))('%s leaves dist byte-identical and names the app', (which) => {
    const out = path.join(tmp(), 'dist');
    synthesizeApps([compliantApp('shop')], { outdir: out, appProps: quiet });
    const before = bytes(out);
    const bad = failing[which];
    expect(() => synthesizeApps([compliantApp('shop'), bad], { outdir: out, appProps: quiet })).toThrow(`app "${bad.name}":`);
    expect(bytes(out)).toEqual(before);
    expect(fs.readdirSync(path.dirname(out))).toEqual(['dist']);
  });

  test('duplicate app names are refused before anything is written', () => {
    const out = path.join(tmp(), 'dist');
    expect(() => synthesizeApps([compliantApp('a'), compliantApp('a')], { outdir: out })).toThrow('two apps are named "a"');
    expect(fs.existsSync(out)).toBe(false);
  });
});

describe('replaceDirAtomically', () => {
  test('restores the previous tree left by an interrupted swap', () => {
    const root = tmp();
    const target = path.join(root, 'dist');
    fs.mkdirSync(path.join(root, 'dist.previous-123-abcd'));
    fs.writeFileSync(path.join(root, 'dist.previous-123-abcd', 'a.yaml'), 'kept');
    // The fill sees the restored tree, then fails: the restored tree must stay.
    expect(() => replaceDirAtomically(target, () => { throw new Error('fail'); })).toThrow('fail');
    expect(bytes(target)).toEqual({ 'a.yaml': 'kept' });
    expect(fs.readdirSync(root)).toEqual(['dist']);
  });
});

describe('discoverApps', () => {
  test('finds the apps of apps/ and refuses folders with bad names', () => {
    const apps = discoverApps(path.join(__dirname, '..', 'apps'));
    expect(apps.map((a) => a.name)).toContain('hello');
    const root = tmp();
    fs.mkdirSync(path.join(root, 'Bad_Name'));
    fs.writeFileSync(path.join(root, 'Bad_Name', 'app.ts'), 'export function build() {}');
    expect(() => discoverApps(root)).toThrow('"Bad_Name" is not a valid app name');
    expect(() => discoverApps(path.join(root, 'missing'))).toThrow('does not exist');
  });
});
