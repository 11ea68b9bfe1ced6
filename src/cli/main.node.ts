#!/usr/bin/env node
/**
 * The `alpha-v4` bin: runs {@link main} on the process's arguments and streams, and exits with its code.
 *
 * @module
 */
import { main } from './program.js';

void main(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  isTTY: process.stderr.isTTY === true,
  env: process.env,
  cwd: process.cwd(),
}).then((code) => {
  process.exitCode = code;
});
