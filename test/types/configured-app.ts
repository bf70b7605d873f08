/**
 * Compile-time refusals of ConfiguredApp and ConfigFile (issue 10), type-checked by
 * `tsc --noEmit -p .` in `npm test`, never run. Each misuse is one line under a
 * `// @ts-expect-error`; next to it the correct form compiles. Refused at run time instead, as
 * TypeScript accepts them (test/proof/corpus.test.ts): a secret in a string, an invalid name.
 */
import { Chart } from 'cdk8s';
import { ConfigFile, ConfiguredApp, SecretReference } from '../../src';
import { base } from './web-props';

const reason = 'The vendor SDK reads its key only from the environment.';

export function configuredApp(chart: Chart): void {
  new ConfiguredApp(chart, 'ok', {
    ...base,
    configFiles: [ConfigFile.inline('app.yaml', 'listen: 8080\n'), ConfigFile.fromFile('config/app.yaml'), ...ConfigFile.fromDirectory('config')],
    settings: { LOG_LEVEL: 'info' },
    secrets: [{ name: 'shop-db' }, { name: 'psp', env: { variables: { PSP_KEY: 'key' }, reason } }],
  });

  // @ts-expect-error configFiles are ConfigFiles (inline, fromFile, fromDirectory), not plain strings
  new ConfiguredApp(chart, 'strings', { ...base, configFiles: ['listen: 8080'] });

  // @ts-expect-error configFiles are ConfigFiles, not a map of names to texts
  new ConfiguredApp(chart, 'map', { ...base, configFiles: { 'app.yaml': 'listen: 8080' } });

  // @ts-expect-error fromDirectory returns a list: spread it into configFiles
  new ConfiguredApp(chart, 'nested', { ...base, configFiles: [ConfigFile.fromDirectory('config')] });

  // @ts-expect-error a secret in the environment needs its reason (secrets belong in files)
  new ConfiguredApp(chart, 'env-no-reason', { ...base, secrets: [{ name: 'psp', env: { variables: { PSP_KEY: 'key' } } }] });

  // @ts-expect-error a secret reference names the Secret
  new ConfiguredApp(chart, 'secret-no-name', { ...base, secrets: [{ mountPath: '/secrets/db' }] });

  // @ts-expect-error a Secret is referenced by name, never given its values
  const literal: SecretReference = { name: 'db', data: { password: 'hunter2' } };

  // @ts-expect-error settings are strings (a number would have to be written as one)
  new ConfiguredApp(chart, 'number-setting', { ...base, settings: { WORKERS: 4 } });

  // @ts-expect-error the secret's environment variables map names to keys of the Secret (strings)
  new ConfiguredApp(chart, 'env-key-number', { ...base, secrets: [{ name: 'psp', env: { variables: { PSP_KEY: 1 }, reason } }] });

  // @ts-expect-error a ConfigFile is made by its factories only
  new ConfigFile('app.yaml', { text: 'listen: 8080' });

  // @ts-expect-error an inline file's text is a string
  ConfigFile.inline('app.yaml', { listen: 8080 });

  void literal;
}
