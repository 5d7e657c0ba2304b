import path from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";

/** One place in the console's source that calls the admin API (`http.call` / `http.raw`). */
export interface ApiCall {
  /** The key in ROUTES. */
  route: string;
  /** Where, for failure messages: `src/api/users-api.ts:6`. */
  at: string;
  /** Every query parameter this call may send: the properties of its `query` argument's type. */
  query: string[];
  /** What the caller reads: JSON (`call<T>`), nothing (`call<void>`) or the raw response (`raw`). */
  expects: "json" | "empty" | "raw";
}

const CONSOLE = fileURLToPath(new URL("../..", import.meta.url));

/**
 * Finds every admin API call in the console's source with the TypeScript checker, so the query
 * parameters are those of the types the calls are written with (the contracts' list queries, the
 * audit filter…), not a copy that could drift: a parameter added to a Query type, or an object
 * literal passed as `query`, is seen here.
 */
export function findApiCalls(): ApiCall[] {
  const configPath = path.join(CONSOLE, "tsconfig.json");
  const config = ts.readConfigFile(configPath, ts.sys.readFile);
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, CONSOLE);
  const sources = parsed.fileNames.filter((f) => f.startsWith(path.join(CONSOLE, "src")) && !/\.test\.tsx?$/.test(f));
  const program = ts.createProgram(sources, parsed.options);
  const checker = program.getTypeChecker();
  const calls: ApiCall[] = [];

  for (const file of sources) {
    const source = program.getSourceFile(file);
    if (!source) throw new Error(`${file} is not in the program`);
    const visit = (node: ts.Node): void => {
      const call = apiCall(node);
      if (call) {
        const { line } = source.getLineAndCharacterOfPosition(node.getStart(source));
        const at = `${path.relative(CONSOLE, file)}:${line + 1}`;
        calls.push({ route: call.route, at, query: queryNames(call.options, at), expects: call.kind === "raw" ? "raw" : expectsBody(call.node) ? "json" : "empty" });
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return calls;

  function apiCall(node: ts.Node) {
    if (!ts.isCallExpression(node) || !ts.isPropertyAccessExpression(node.expression)) return undefined;
    const kind = node.expression.name.text;
    const [route, options] = node.arguments;
    if ((kind !== "call" && kind !== "raw") || !route || !ts.isPropertyAccessExpression(route) || !ts.isIdentifier(route.expression) || route.expression.text !== "ROUTES") return undefined;
    return { node, kind, route: route.name.text, options };
  }

  function queryNames(options: ts.Expression | undefined, at: string): string[] {
    if (!options) return [];
    if (!ts.isObjectLiteralExpression(options)) throw new Error(`${at}: the call's options are not an object literal; this check cannot see its query`);
    const query = options.properties.find((p) => p.name !== undefined && ts.isIdentifier(p.name) && p.name.text === "query");
    if (!query) return [];
    const type = checker.getTypeAtLocation(ts.isShorthandPropertyAssignment(query) ? query.name : ts.isPropertyAssignment(query) ? query.initializer : query);
    const names = new Set<string>();
    for (const part of type.isUnion() ? type.types : [type]) {
      if (part.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Null)) continue;
      // A Record<string, …> would let any parameter through unseen.
      if (checker.getIndexInfosOfType(part).length > 0) throw new Error(`${at}: the query's type ${checker.typeToString(part)} has an index signature; give it named parameters`);
      for (const p of checker.getPropertiesOfType(part)) names.add(p.name);
    }
    return [...names].sort();
  }

  function expectsBody(call: ts.CallExpression): boolean {
    const [typeArgument] = call.typeArguments ?? [];
    if (!typeArgument) return true;
    return !(checker.getTypeFromTypeNode(typeArgument).flags & (ts.TypeFlags.Void | ts.TypeFlags.Undefined));
  }
}
