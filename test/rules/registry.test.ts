import { audit } from '../../src/catalogue/audit';
import { findingsOf, ruleById, rulePaths } from '../helpers';
import { compliantSet, deployment, job } from '../fixtures';
import { registryAllowed } from '../../src/rules/image-registry-allowed';
import { K8sObject } from '../../src/k8s/manifest';

const rule = ruleById('image-registry-allowed');
const run = (objects: K8sObject[], allowedRegistries?: string[]) =>
  audit(objects.map((object) => ({ object })), [rule], allowedRegistries ? { allowedRegistries } : {}).findings;

describe('image-registry-allowed', () => {
  test('is silent without an allow-list', () => {
    const d = deployment(); d.spec.template.spec.containers[0].image = 'evil.example.net/miner:1.0.0';
    expect(run([d])).toEqual([]);
    expect(findingsOf('image-registry-allowed', [d])).toEqual([]);
  });

  test('flags an image from another registry, Docker Hub included, and init containers', () => {
    const d = deployment();
    d.spec.template.spec.initContainers = [{ ...d.spec.template.spec.containers[0], name: 'init', image: 'busybox:1.36' }];
    d.spec.template.spec.containers[0].image = 'ghcr.io/shop/web:1.0.0';
    const found = run([d], ['registry.example.com']);
    expect(rulePaths(found)).toEqual([
      ['image-registry-allowed', 'spec.template.spec.initContainers[0].image'],
      ['image-registry-allowed', 'spec.template.spec.containers[0].image'],
    ]);
    expect(found[0].message).toBe('the image of init container "init" comes from docker.io, which is not among the allowed registries (registry.example.com)');
  });

  test('passes allowed hosts and path prefixes; the compliant set passes its own registry', () => {
    expect(run(compliantSet(), ['registry.example.com'])).toEqual([]);
    expect(run([job()], ['registry.example.com/shop'])).toEqual([]);
    expect(run([job()], ['registry.example.com/other'])).toHaveLength(1);
  });

  test('registryAllowed matches hosts, ports and path prefixes exactly', () => {
    expect(registryAllowed('registry.example.com', 'shop/web', ['registry.example.com'])).toBe(true);
    expect(registryAllowed('registry.example.com', 'shop/web', ['registry.example.com/shop'])).toBe(true);
    expect(registryAllowed('registry.example.com', 'shopping/web', ['registry.example.com/shop'])).toBe(false);
    expect(registryAllowed('registry.example.com.evil.net', 'shop/web', ['registry.example.com'])).toBe(false);
    expect(registryAllowed('localhost:5000', 'app', ['localhost:5000'])).toBe(true);
    expect(registryAllowed('docker.io', 'library/nginx', ['docker.io/library'])).toBe(true);
  });
});
