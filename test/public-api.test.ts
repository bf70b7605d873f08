import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';
import { VALUES } from './types/public-api';
import * as api from '../src';

const ROOT = path.join(__dirname, '..');
const ENTRY = path.join(ROOT, 'src', 'index.ts');
const TYPE_TEST = path.join(ROOT, 'test', 'types', 'public-api.ts');

/** The names the entry point exports, split into values and types, as the compiler sees them. */
function entryExports(): { values: string[]; types: string[] } {
  const options = { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, strict: true, skipLibCheck: true };
  const program = ts.createProgram([ENTRY], options);
  const checker = program.getTypeChecker();
  const values: string[] = [];
  const types: string[] = [];
  for (const symbol of checker.getExportsOfModule(checker.getSymbolAtLocation(program.getSourceFile(ENTRY)!)!)) {
    const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
    (target.flags & ts.SymbolFlags.Value ? values : types).push(symbol.name);
  }
  return { values: values.sort(), types: types.sort() };
}

/** The member names of the `Types` interface of the type test. */
function typeTestTypes(): string[] {
  const source = ts.createSourceFile(TYPE_TEST, fs.readFileSync(TYPE_TEST, 'utf8'), ts.ScriptTarget.ES2022, true);
  const decl = source.statements.find((s): s is ts.InterfaceDeclaration => ts.isInterfaceDeclaration(s) && s.name.text === 'Types');
  if (!decl) throw new Error('test/types/public-api.ts has no interface Types');
  return decl.members.map((m) => (m.name as ts.Identifier).text).sort();
}

describe('the public API', () => {
  const exported = entryExports();

  test('the type test lists every value and every type of the entry point, and nothing else', () => {
    expect(Object.keys(VALUES).sort()).toEqual(exported.values);
    expect(typeTestTypes()).toEqual(exported.types);
  });

  test('at run time the entry point exports exactly its values', () => {
    expect(Object.keys(api).filter((k) => k !== '__esModule').sort()).toEqual(exported.values);
  });

  test('internals stay out of the entry point', () => {
    const internal = ['writeKustomization', 'renderJobSpec', 'refuse', 'checkName', 'apiObjectsOf', 'contentHashedName', 'replaceDirAtomically',
      'renderNginxConfig', 'resolveBreaker', 'getIn', 'podTemplateOf', 'NAMESPACE_SCOPE', 'DEFAULT_UID', 'SIZE_CLASSES', 'main'];
    expect(internal.filter((name) => name in api)).toEqual([]);
  });

  test('the option types a user needs are exported: the proxy options, the Istio classes, the rule types', () => {
    expect(exported.types).toEqual(expect.arrayContaining(['CircuitBreakerOptions', 'RateLimitOptions', 'Rule', 'RuleId', 'Finding', 'AuditReport']));
    expect(exported.values).toEqual(expect.arrayContaining(['IstioDestinationRule', 'IstioVirtualService', 'CATALOGUE', 'objectRule']));
  });
});
