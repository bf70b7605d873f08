/**
 * `npm run docs`: regenerates docs/rules.md and src/catalogue/ids.ts from the catalogue, and
 * docs/diff-example.md from a real change of apps/shop, docs/admission.md from the admission plan;
 * `npm run docs -- --check` only reports the stale ones (exit 1). A test runs the check.
 */
import * as fs from 'fs';
import * as path from 'path';
import { ALL_RULES } from '../src/catalogue';
import { ruleIdsModule, rulesAsMarkdown } from '../src/cli/rules-doc';
import { admissionDoc } from './admission-doc';
import { shopDiffExample } from './diff-example';

const ROOT = path.join(__dirname, '..');

/** The generated files and their expected contents. */
export function generatedDocs(root = ROOT): Array<{ file: string; content: string }> {
  return [
    { file: path.join(root, 'docs', 'rules.md'), content: rulesAsMarkdown(ALL_RULES) },
    { file: path.join(root, 'src', 'catalogue', 'ids.ts'), content: ruleIdsModule(ALL_RULES) },
    { file: path.join(root, 'docs', 'diff-example.md'), content: shopDiffExample(root) },
    { file: path.join(root, 'docs', 'admission.md'), content: admissionDoc() },
  ];
}

/** The generated files whose content on disk is not what the catalogue generates. */
export function staleDocs(root = ROOT): string[] {
  return generatedDocs(root)
    .filter(({ file, content }) => !fs.existsSync(file) || fs.readFileSync(file, 'utf8') !== content)
    .map(({ file }) => path.relative(root, file));
}

if (require.main === module) {
  const checkOnly = process.argv.includes('--check');
  let stale = 0;
  for (const { file, content } of generatedDocs()) {
    if (fs.existsSync(file) && fs.readFileSync(file, 'utf8') === content) continue;
    if (checkOnly) {
      process.stderr.write(`${path.relative(process.cwd(), file)} is stale: run \`npm run docs\`\n`);
      stale++;
    } else {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, content);
      process.stdout.write(`wrote ${path.relative(process.cwd(), file)}\n`);
    }
  }
  process.exitCode = stale > 0 ? 1 : 0;
}
