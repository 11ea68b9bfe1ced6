/**
 * Finds where a bundle refers to global names, with the TypeScript parser (a devDependency already): every
 * identifier with one of the names that is a reference, not a property name (`x.process`), an object key
 * (`{ process: ... }`), a method or class member name, or a declaration. In a minified bundle every local is renamed,
 * so such an identifier is a global reference; in a readable one, `scoped` leaves out names declared in an enclosing
 * function or the bundle's top level. Each reference says whether it is the operand of `typeof` (a guard) and in
 * which named function it is, so that a test can allow what is guarded or provably dead, by function.
 */
import ts from 'typescript';

/** One reference to a watched global name. */
export interface GlobalReference {
  readonly name: string;
  /** The operand of `typeof`: a guard, safe when the global is absent. */
  readonly typeofOperand: boolean;
  /** The innermost named function around it (`(top level)` if none). */
  readonly fn: string;
}

/** Whether `node` is an identifier in a position that names no variable (property, key, member, label). */
function notAReference(node: ts.Identifier): boolean {
  const p = node.parent;
  if ((ts.isPropertyAccessExpression(p) || ts.isPropertyAccessChain(p)) && p.name === node) return true;
  if ((ts.isPropertyAssignment(p) || ts.isMethodDeclaration(p) || ts.isPropertyDeclaration(p) || ts.isGetAccessor(p) || ts.isSetAccessor(p)) && p.name === node) return true;
  if (ts.isBindingElement(p) && p.propertyName === node) return true;
  if ((ts.isLabeledStatement(p) || ts.isBreakOrContinueStatement(p)) && p.label === node) return true;
  if ((ts.isVariableDeclaration(p) || ts.isParameter(p) || ts.isFunctionDeclaration(p) || ts.isFunctionExpression(p) || ts.isClassDeclaration(p) || ts.isClassExpression(p) || ts.isBindingElement(p)) && p.name === node) return true;
  return false;
}

/** The names a function-like node (or the source file) declares directly: parameters, and declarations in its body outside nested functions. */
function declared(scope: ts.Node): Set<string> {
  const names = new Set<string>();
  const addBinding = (n: ts.BindingName): void => {
    if (ts.isIdentifier(n)) names.add(n.text);
    else for (const e of n.elements) if (!ts.isOmittedExpression(e)) addBinding(e.name);
  };
  if (ts.isFunctionLike(scope)) for (const p of scope.parameters) addBinding(p.name);
  const visit = (n: ts.Node): void => {
    if (n !== scope && ts.isFunctionLike(n)) {
      if ((ts.isFunctionDeclaration(n) || ts.isClassDeclaration(n)) && n.name) names.add(n.name.text);
      return;
    }
    if (ts.isVariableDeclaration(n)) addBinding(n.name);
    if (ts.isClassDeclaration(n) && n.name) names.add(n.name.text);
    if (ts.isCatchClause(n) && n.variableDeclaration) addBinding(n.variableDeclaration.name);
    ts.forEachChild(n, visit);
  };
  ts.forEachChild(scope, visit);
  return names;
}

/** The name of a function-like node: its own, or the variable, property or method it is assigned to. */
function functionName(n: ts.Node): string | undefined {
  if ((ts.isFunctionDeclaration(n) || ts.isFunctionExpression(n) || ts.isMethodDeclaration(n)) && n.name) return n.name.getText();
  const p = n.parent;
  if ((ts.isArrowFunction(n) || ts.isFunctionExpression(n)) && p && (ts.isVariableDeclaration(p) || ts.isPropertyAssignment(p)) && p.name) return p.name.getText();
  return undefined;
}

/**
 * The references to `names` in `code` (see the module doc), and how often `import.meta` appears.
 *
 * @example
 * ```ts
 * globalReferences('function f(){ return typeof Buffer < "u" ? Buffer.from(x) : x }', ['Buffer'], false).refs
 * // => [{ name: 'Buffer', typeofOperand: true, fn: 'f' }, { name: 'Buffer', typeofOperand: false, fn: 'f' }]
 * ```
 */
export function globalReferences(code: string, names: readonly string[], scoped: boolean): { refs: GlobalReference[]; importMeta: number } {
  const source = ts.createSourceFile('bundle.js', code, ts.ScriptTarget.ES2022, true, ts.ScriptKind.JS);
  const watched = new Set(names);
  const scopes = new Map<ts.Node, Set<string>>();
  const refs: GlobalReference[] = [];
  let importMeta = 0;
  const isLocal = (node: ts.Node, name: string): boolean => {
    for (let s: ts.Node | undefined = node.parent; s; s = s.parent) {
      if (!ts.isFunctionLike(s) && !ts.isSourceFile(s)) continue;
      if (!scopes.has(s)) scopes.set(s, declared(s));
      if (scopes.get(s)!.has(name)) return true;
    }
    return false;
  };
  const visit = (node: ts.Node): void => {
    if (ts.isMetaProperty(node) && node.keywordToken === ts.SyntaxKind.ImportKeyword) importMeta++;
    if (ts.isIdentifier(node) && watched.has(node.text) && !notAReference(node) && !(scoped && isLocal(node, node.text))) {
      let fn = '(top level)';
      for (let s: ts.Node | undefined = node.parent; s; s = s.parent) {
        const n = ts.isFunctionLike(s) ? functionName(s) : undefined;
        if (n !== undefined) {
          fn = n;
          break;
        }
      }
      refs.push({ name: node.text, typeofOperand: ts.isTypeOfExpression(node.parent), fn });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return { refs, importMeta };
}
