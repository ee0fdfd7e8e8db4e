#!/usr/bin/env node
// The command's entry point: checks the Node.js version before anything else is loaded, so an
// old runtime gets one clear line instead of a ReferenceError from deep inside a dependency.
// Plain syntax only, so that the check itself still parses on old runtimes.
const MINIMUM = [18, 19];
const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
if (major < MINIMUM[0]! || (major === MINIMUM[0] && minor < MINIMUM[1]!)) {
  process.stderr.write(`misp-agentx: needs Node.js ${MINIMUM.join('.')} or newer; this is v${process.versions.node} (${process.execPath})\n`);
  process.exit(1);
}
// Loaded only after the check: static imports would run before it.
void import('./main.js');
export {};
