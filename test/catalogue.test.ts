import * as fs from 'fs';
import * as path from 'path';
import { CATALOGUE } from '../src/catalogue';
import { auditAll } from './helpers';
import { compliantSet } from './fixtures';

const HARD_CORE = [
  'no-bare-pod', 'no-privileged', 'run-as-non-root', 'no-privilege-escalation',
  'no-host-network', 'no-host-pid', 'no-host-ipc', 'job-active-deadline', 'suppression-valid',
  'apparmor-confined', 'selinux-restricted', 'list-items', 'object-typed', 'unique-object-identity', 'field-types',
];

describe('the rule catalogue', () => {
  test.each(CATALOGUE.map((r) => [r.id, r]))('%s is well-formed data', (_id, rule) => {
    expect(rule.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    expect(['error', 'warning']).toContain(rule.severity);
    if (rule.pattern !== null) expect(Number.isInteger(rule.pattern) && rule.pattern >= 1 && rule.pattern <= 13).toBe(true);
    for (const text of [rule.title, rule.description, rule.remediation, rule.scope]) expect(text.trim().length).toBeGreaterThan(5);
    expect(Object.keys(rule.equivalents).sort()).toEqual(['kubeLinter', 'kyverno', 'polaris', 'pss']);
    expect(typeof rule.suppressible).toBe('boolean');
  });

  test('the hard core is exactly the unsuppressible set', () => {
    expect(CATALOGUE.filter((r) => !r.suppressible).map((r) => r.id).sort()).toEqual([...HARD_CORE].sort());
  });

  test('the compliant system passes every rule with no suppression', () => {
    const report = auditAll(compliantSet());
    expect(report.findings).toEqual([]);
    expect(report.suppressed).toEqual([]);
  });

  test('every rule has its own explicit test (violating and compliant) in test/rules', () => {
    const dir = path.join(__dirname, 'rules');
    const text = fs.readdirSync(dir).map((f) => fs.readFileSync(path.join(dir, f), 'utf8')).join('\n');
    const untested = CATALOGUE.map((r) => r.id).filter((id) => !text.includes(`findingsOf('${id}'`));
    expect(untested).toEqual([]);
  });

  test('patterns 2–11 that show in a manifest each have at least one rule', () => {
    const covered = new Set(CATALOGUE.map((r) => r.pattern));
    for (const p of [2, 3, 4, 5, 6, 7, 8, 9, 10, 11]) expect(covered.has(p)).toBe(true);
  });
});
