import * as fs from 'fs';
import * as path from 'path';
import { CATALOGUE } from '../../src';
import { parseManifests } from '../../src/cli/load';
import { expandLists } from '../../src/k8s/lists';
import { K8sObject } from '../../src/k8s/manifest';
import { listFiles } from '../../src/synth/atomic-dir';

/*
 * The manifests the differential test runs on, besides generated ones: every rule's examples,
 * the committed output of the apps (dist/), the hostile-input corpus and the check inputs.
 */

const ROOT = path.join(__dirname, '..', '..');

export interface CorpusObject {
  readonly where: string;
  readonly object: K8sObject;
}

function objectsOf(where: string, text: string): CorpusObject[] {
  const into = { manifests: [] as Array<{ object: K8sObject }>, problems: [], skipped: [] };
  try {
    parseManifests(where, text, into as never);
  } catch {
    return [];
  }
  return into.manifests.flatMap((m, i) => expandLists(m.object).map((e, j) => ({ where: `${where}#${i}.${j}`, object: e.object })));
}

function filesUnder(dir: string, pattern: RegExp): string[] {
  if (!fs.existsSync(dir)) return [];
  return listFiles(dir).filter((f) => pattern.test(f)).map((f) => path.join(dir, f));
}

let CORPUS: CorpusObject[] | undefined;

export function corpus(): readonly CorpusObject[] {
  if (CORPUS) return CORPUS;
  const out: CorpusObject[] = [];
  for (const rule of CATALOGUE) {
    const ex = rule.examples;
    if (!ex) continue;
    ex.violating.forEach((t, i) => out.push(...objectsOf(`${rule.id} violating example ${i + 1}`, t)));
    ex.compliant.forEach((t, i) => out.push(...objectsOf(`${rule.id} compliant example ${i + 1}`, t)));
  }
  const files = [
    ...filesUnder(path.join(ROOT, 'dist'), /\.ya?ml$/),
    ...filesUnder(path.join(ROOT, 'test', 'corpus', 'check'), /\.(ya?ml|json)$/),
    ...filesUnder(path.join(ROOT, 'test', 'inputs'), /\.ya?ml$/),
    ...filesUnder(path.join(ROOT, 'test', 'workshop'), /\.ya?ml$/),
  ];
  for (const f of files) {
    const text = fs.readFileSync(f, 'utf8');
    if (text.length > 1_000_000) continue;
    out.push(...objectsOf(path.relative(ROOT, f), text));
  }
  CORPUS = out;
  return out;
}
