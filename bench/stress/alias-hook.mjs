// Module resolve hook of bench/stress/edge-server.ts: maps the package's own subpaths (`@alpha-v4/core/pipeline`,
// which the Edge handler imports as a deployed function does) to their source entry files, so that the stress suite
// measures the code as it is, without a build. `initialize` receives the map { specifier: file URL }.
let map = {};

export function initialize(data) {
  map = data.map;
}

export async function resolve(specifier, context, next) {
  return next(map[specifier] ?? specifier, context);
}
