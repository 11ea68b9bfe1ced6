// Entry of the readers' fuzz worker (pool.ts): worker_threads cannot start a TypeScript file, so this starts
// worker.ts through tsx, which compiles it and the library sources on the fly.
import { tsImport } from 'tsx/esm/api';

await tsImport('./worker.ts', import.meta.url);
