// Reads the public API of an entry point with the TypeScript compiler: its exports by kind, and the types its
// signatures mention that it does not export (what API Extractor calls a forgotten export).

import { dirname, relative, resolve } from 'node:path';
import ts from 'typescript';

export interface PublicApi {
  /** One line per export, sorted: `name: kind`, with `(type only)` when only its type is exported. */
  exports: string[];
  /** `Exported: Missing (src/file.ts)` for each type a public signature mentions that the entry does not export. */
  forgotten: string[];
  /** The exported functions whose doc comment has no `@example`. */
  withoutExample: string[];
}

const root = resolve(dirname(new URL(import.meta.url).pathname), '../..');

/** One program for every entry point (building it takes seconds), and the APIs read from it. */
export function readPublicApis(entries: readonly string[]): { program: ts.Program; apis: Map<string, PublicApi> } {
  const files = entries.map((entry) => resolve(root, entry));
  const { program, checker } = compile(files, new Map());
  return { program, apis: new Map(entries.map((entry, i) => [entry, readOne(program, checker, files[i]!)])) };
}

function readOne(program: ts.Program, checker: ts.TypeChecker, file: string): PublicApi {
  const source = program.getSourceFile(file);
  const moduleSymbol = source && checker.getSymbolAtLocation(source);
  if (!moduleSymbol) throw new Error(`not a module: ${file}`);
  const exported = checker.getExportsOfModule(moduleSymbol);
  const targets = new Set(exported.map((symbol) => resolveAlias(checker, symbol)));
  const lines = exported.map(
    (symbol) => `${symbol.name}: ${kindOf(resolveAlias(checker, symbol))}${isTypeOnly(symbol) ? ' (type only)' : ''}`,
  );
  const forgotten = new Set<string>();
  for (const symbol of exported) {
    const target = resolveAlias(checker, symbol);
    for (const missing of mentionedSymbols(checker, target)) {
      if (targets.has(missing) || !declaredInSource(missing)) continue;
      const where = relative(root, missing.declarations![0]!.getSourceFile().fileName);
      forgotten.add(`${symbol.name}: ${missing.name} (${where})`);
    }
  }
  const withoutExample = exported
    .filter((symbol) => kindOf(resolveAlias(checker, symbol)) === 'function')
    .filter((symbol) => !resolveAlias(checker, symbol).declarations?.some(hasExample))
    .map((symbol) => symbol.name);
  return { exports: lines.sort(), forgotten: [...forgotten].sort(), withoutExample: withoutExample.sort() };
}

function hasExample(declaration: ts.Declaration): boolean {
  return ts.getJSDocTags(declaration).some((tag) => tag.tagName.text === 'example');
}

function resolveAlias(checker: ts.TypeChecker, symbol: ts.Symbol): ts.Symbol {
  return symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
}

function kindOf(symbol: ts.Symbol): string {
  const f = symbol.flags;
  if (f & ts.SymbolFlags.Class) return 'class';
  if (f & ts.SymbolFlags.Function) return 'function';
  if (f & ts.SymbolFlags.Enum) return 'enum';
  if (f & ts.SymbolFlags.Variable) return 'const';
  if (f & ts.SymbolFlags.Interface) return 'interface';
  if (f & ts.SymbolFlags.TypeAlias) return 'type';
  return 'other';
}

/** `export type { X }` or `export { type X }` anywhere on the way from the entry to the declaration. */
function isTypeOnly(symbol: ts.Symbol): boolean {
  for (const declaration of symbol.declarations ?? []) {
    if (ts.isExportSpecifier(declaration) && (declaration.isTypeOnly || declaration.parent.parent.isTypeOnly))
      return true;
  }
  return false;
}

function declaredInSource(symbol: ts.Symbol): boolean {
  const declaration = symbol.declarations?.[0];
  if (!declaration || symbol.flags & ts.SymbolFlags.TypeParameter) return false;
  const path = relative(root, declaration.getSourceFile().fileName);
  return path.startsWith('src/') && !ts.isSourceFile(declaration);
}

/** What the public part of a declaration mentions: written types, and inferred ones where nothing is written. */
function mentionedSymbols(checker: ts.TypeChecker, symbol: ts.Symbol): Set<ts.Symbol> {
  const found = new Set<ts.Symbol>();
  const seenTypes = new Set<ts.Type>();
  const add = (candidate: ts.Symbol | undefined) => {
    if (candidate) found.add(resolveAlias(checker, candidate));
  };
  const addType = (type: ts.Type) => {
    if (seenTypes.has(type)) return;
    seenTypes.add(type);
    add(type.aliasSymbol);
    // Anonymous object types (a literal's inferred type) are spelled out in the .d.ts, not named.
    if (type.getSymbol() && !(type.getSymbol()!.flags & (ts.SymbolFlags.TypeLiteral | ts.SymbolFlags.ObjectLiteral)))
      add(type.getSymbol());
    for (const argument of type.aliasTypeArguments ?? []) addType(argument);
    if (type.isUnionOrIntersection()) type.types.forEach(addType);
    if (type.flags & ts.TypeFlags.Object && (type as ts.ObjectType).objectFlags & ts.ObjectFlags.Reference) {
      checker.getTypeArguments(type as ts.TypeReference).forEach(addType);
    }
  };
  const visit = (node: ts.Node): void => {
    if (isHidden(node)) return;
    if (ts.isTypeReferenceNode(node)) add(checker.getSymbolAtLocation(node.typeName));
    if (ts.isExpressionWithTypeArguments(node)) add(checker.getSymbolAtLocation(node.expression));
    // `typeof value` (e.g. `keyof typeof topologies`) is resolved in the declarations: a user names the type, not
    // the value, so the value need not be exported.
    if (ts.isTypeQueryNode(node)) return;
    if (ts.isFunctionLike(node)) {
      if (!node.type && !ts.isConstructorDeclaration(node) && !ts.isSetAccessor(node)) {
        const signature = checker.getSignatureFromDeclaration(node);
        if (signature) addType(checker.getReturnTypeOfSignature(signature));
      }
      node.typeParameters?.forEach(visit);
      node.parameters.forEach(visit);
      if (node.type) visit(node.type);
      return; // a body is not part of the API
    }
    if ((ts.isPropertyDeclaration(node) || ts.isVariableDeclaration(node)) && !node.type) {
      addType(checker.getTypeAtLocation(node.name));
      return; // the initializer's expression is not part of the API
    }
    ts.forEachChild(node, visit);
  };
  for (const declaration of symbol.declarations ?? []) visit(declaration);
  found.delete(symbol);
  return found;
}

/** Private and `@internal` members are not in the published declarations (stripInternal). */
function isHidden(node: ts.Node): boolean {
  if (ts.isClassElement(node) || ts.isTypeElement(node)) {
    if (node.name && ts.isPrivateIdentifier(node.name)) return true;
    const modifiers = ts.canHaveModifiers(node) ? ts.getModifiers(node) : undefined;
    if (modifiers?.some((m) => m.kind === ts.SyntaxKind.PrivateKeyword || m.kind === ts.SyntaxKind.ProtectedKeyword))
      return true;
    if (ts.getJSDocTags(node).some((tag) => tag.tagName.text === 'internal')) return true;
  }
  return false;
}

/** The `@example` code of every exported function and class of an entry point, by export name. */
export function examplesOf(program: ts.Program, entry: string): Map<string, string> {
  const checker = program.getTypeChecker();
  const moduleSymbol = checker.getSymbolAtLocation(program.getSourceFile(resolve(root, entry))!)!;
  const examples = new Map<string, string>();
  for (const symbol of checker.getExportsOfModule(moduleSymbol)) {
    for (const declaration of resolveAlias(checker, symbol).declarations ?? []) {
      for (const tag of ts.getJSDocTags(declaration).filter((t) => t.tagName.text === 'example')) {
        const text = ts.getTextOfJSDocComment(tag.comment) ?? '';
        examples.set(symbol.name, text.replace(/^```\w*\n?/m, '').replace(/```\s*$/m, ''));
      }
    }
  }
  return examples;
}

/**
 * Type-checks examples as a user's test file would be: the code inside an async function, with every name of
 * `cluster-chaos/vitest`, vitest's `expect`/`test` and fast-check's `fc` in scope; an example's own import lines go to
 * the top of its file and take precedence. Returns the diagnostics by example.
 */
export function typeCheckExamples(
  program: ts.Program,
  examples: Map<string, string>,
  entryNames: readonly string[],
): Map<string, string[]> {
  const files = new Map(
    [...examples].map(([name, code], i) => [
      resolve(root, `specs/api/example-${i}.ts`),
      { name, ...exampleFile(code, entryNames) },
    ]),
  );
  // The old program's files are reused: only the examples are new.
  const withExamples = compile([...program.getRootFileNames(), ...files.keys()], files, program).program;
  const problems = new Map<string, string[]>();
  for (const [file, { name, offset }] of files) {
    const diagnostics = ts.getPreEmitDiagnostics(withExamples, withExamples.getSourceFile(file));
    if (diagnostics.length === 0) continue;
    const line = (d: ts.Diagnostic) =>
      d.start === undefined ? '?' : d.file!.getLineAndCharacterOfPosition(d.start).line - offset + 1;
    problems.set(
      name,
      diagnostics.map((d) => `line ${line(d)}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`),
    );
  }
  return problems;
}

/** An example as a module: its imports, the names it does not import itself, then its code in an async function. */
function exampleFile(code: string, entryNames: readonly string[]): { text: string; offset: number } {
  const lines = code.split('\n');
  const own = lines.filter((line) => /^import\s/.test(line));
  const body = lines.filter((line) => !/^import\s/.test(line));
  const imported = new Set(
    own.flatMap((line) => [...line.matchAll(/\b(?:type\s+)?(\w+)\s*(?=[,}])/g)].map((m) => m[1]!)),
  );
  if (own.some((line) => /\bfc\b/.test(line))) imported.add('fc');
  const pick = (names: string[]) => names.filter((name) => !imported.has(name));
  const header = [
    ...own,
    ...(pick(['expect', 'test']).length > 0
      ? [`import { ${pick(['expect', 'test']).join(', ')} } from 'vitest';`]
      : []),
    ...(imported.has('fc') ? [] : ["import fc from 'fast-check';"]),
    `import { ${pick([...entryNames]).join(', ')} } from 'cluster-chaos/vitest';`,
    'export async function example(): Promise<void> {',
  ];
  return { text: [...header, ...body, '}', ''].join('\n'), offset: header.length };
}

function compile(
  rootNames: string[],
  files: ReadonlyMap<string, { text: string }>,
  oldProgram?: ts.Program,
): { program: ts.Program; checker: ts.TypeChecker } {
  const config = ts.readConfigFile(resolve(root, 'tsconfig.json'), ts.sys.readFile);
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, root);
  const options: ts.CompilerOptions = {
    ...parsed.options,
    noEmit: true,
    paths: {
      'cluster-chaos/vitest': [resolve(root, 'src/vitest/index.ts')],
      'cluster-chaos': [resolve(root, 'src/index.ts')],
    },
  };
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (name, language, ...rest) =>
    files.has(name)
      ? ts.createSourceFile(name, files.get(name)!.text, language)
      : getSourceFile(name, language, ...rest);
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (name) => files.has(name) || fileExists(name);
  const program = ts.createProgram(rootNames, options, host, oldProgram);
  return { program, checker: program.getTypeChecker() };
}
