/**
 * The kubectl reader (test/kubectl-reader/main.go): go-yaml v2 and ghodss/yaml from Debian's Go
 * packages, splitting documents as apimachinery does. It is the oracle of the parity proofs:
 * what it prints is what kubectl, Argo CD and Flux read from the bytes. Built once per test run.
 */
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const SOURCE = path.join(__dirname, 'kubectl-reader');
const GOPATH = '/usr/share/gocode';
const PACKAGES = ['golang-go', 'golang-gopkg-yaml.v2-dev', 'golang-github-ghodss-yaml-dev', 'golang-gopkg-yaml.v3-dev'];

let binary: string | undefined;

function build(): string {
  if (binary) return binary;
  const missing = [path.join(GOPATH, 'src/gopkg.in/yaml.v2'), path.join(GOPATH, 'src/gopkg.in/yaml.v3'), path.join(GOPATH, 'src/github.com/ghodss/yaml')]
    .filter((p) => !fs.existsSync(p));
  const go = spawnSync('go', ['version'], { encoding: 'utf8' });
  if (go.status !== 0 || missing.length > 0) {
    throw new Error(`the kubectl reader needs Go and go-yaml from Debian: apt-get install ${PACKAGES.join(' ')} (.ci/run installs them); missing: ${go.status !== 0 ? 'go ' : ''}${missing.join(' ')}`);
  }
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'kubectl-reader-')), 'kubectl-reader');
  execFileSync('go', ['build', '-o', out, '.'], { cwd: SOURCE, env: { ...process.env, GO111MODULE: 'off', GOPATH, GOFLAGS: '' }, stdio: 'pipe' });
  return (binary = out);
}

export type ReaderResult = { docs: unknown[] } | { error: string };

/** What kubectl reads from each text (go-yaml v2), or with `yaml3` what yaml.v3 reads. */
export function readAsKubectl(texts: readonly string[], options: { yaml3?: boolean } = {}): ReaderResult[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubectl-reader-in-'));
  const files = texts.map((t, i) => {
    const f = path.join(dir, `${i}.yaml`);
    fs.writeFileSync(f, t);
    return f;
  });
  const r = spawnSync(build(), [...(options.yaml3 ? ['-yaml3'] : []), ...files], { encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 });
  fs.rmSync(dir, { recursive: true, force: true });
  if (r.status !== 0) throw new Error(`kubectl-reader failed: ${r.stderr}`);
  return r.stdout.trim().split('\n').filter((l) => l !== '').map((l) => JSON.parse(l));
}
