import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { admissionPolicies } from '../../src/admission';

/*
 * apps/platform puts the admission policies into dist/platform, so the cluster that runs the apps
 * enforces the catalogue: the committed output holds exactly the policies `cdk8s-prod admission
 * --format vap` writes, each with its binding.
 */

const DIST = path.join(__dirname, '..', '..', 'dist', 'platform');

test('dist/platform holds the catalogue\'s ValidatingAdmissionPolicies and their bindings, as the admission command writes them', () => {
  const files = fs.readdirSync(DIST).filter((f) => f !== 'kustomization.yaml');
  const objects = files.flatMap((f) => parseAllDocuments(fs.readFileSync(path.join(DIST, f), 'utf8')).map((d) => d.toJS()));
  const expected = JSON.parse(JSON.stringify(admissionPolicies({ format: 'vap', vapVersion: 'v1beta1', mode: 'deny' }).objects));
  const key = (o: any) => `${o.kind}/${o.metadata.name}`;
  expect(objects.map(key).sort()).toEqual(expected.map(key).sort());
  const byKey = new Map(objects.map((o) => [key(o), o]));
  for (const e of expected) expect(byKey.get(key(e))).toEqual(e);
  const policies = objects.filter((o) => o.kind === 'ValidatingAdmissionPolicy').map((o) => o.metadata.name);
  const bound = objects.filter((o) => o.kind === 'ValidatingAdmissionPolicyBinding').map((o) => o.spec.policyName);
  expect(bound.sort()).toEqual(policies.sort());
});
