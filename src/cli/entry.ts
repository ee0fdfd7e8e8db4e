#!/usr/bin/env node
// The command's entry point: checks the Node.js version before anything else is loaded, so an
// old runtime gets one clear line instead of a ReferenceError from deep inside a dependency.
// Plain syntax only, so that the check itself still parses on old runtimes.
import { setFlagsFromString } from 'node:v8';

const MINIMUM = [18, 19];
const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
if (major < MINIMUM[0]! || (major === MINIMUM[0] && minor < MINIMUM[1]!)) {
  process.stderr.write(`misp-agentx: needs Node.js ${MINIMUM.join('.')} or newer; this is v${process.versions.node} (${process.execPath})\n`);
  process.exit(1);
}
// undici's HTTP parser (llhttp) is WebAssembly; V8's optimizing tier compiles it again in the
// background when it gets warm, which leaves 7-9 MiB more RSS at start in about half the starts
// (docs/benchmarks.md, "Memory"). The baseline compiler parses MISP's few answers per minute just
// as well. Set before undici is loaded; not allowed in NODE_OPTIONS.
setFlagsFromString('--liftoff-only');
// TurboFan allocates objects of a site it sees survive scavenges straight in old space
// (pretenuring); under GETNEXT load that left 5-8 MiB more JS heap live after full GCs in most
// starts, which only a memory-reducing GC freed (docs/benchmarks.md, "Issue 16, third pass").
// The daemon's long-lived objects are few; copying them once or twice costs nothing measurable.
setFlagsFromString('--no-allocation-site-pretenuring');
// Loaded only after the check: static imports would run before it.
void import('./main.js');
export {};
