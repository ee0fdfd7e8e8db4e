import { nearestName } from '../config/suggest.js';
import { type Command, type CommandContext, EXIT, type ExitCode, packageVersion, UsageError } from './command.js';
import { commandHelp, programHelp } from './help.js';
import { parseCommandArgs } from './parse-command-args.js';

/**
 * Each command's module is loaded only when that command runs (all of them for --help): the
 * daemon (`run`) then does not keep in memory what check, doctor, mib and demo need.
 */
const COMMAND_LOADERS: Readonly<Record<string, () => Promise<Command>>> = {
  run: async () => (await import('./commands/run.js')).runCommand,
  check: async () => (await import('./commands/check.js')).checkCommand,
  doctor: async () => (await import('./commands/doctor.js')).doctorCommand,
  mib: async () => (await import('./commands/mib.js')).mibCommand,
  oids: async () => (await import('./commands/mib.js')).oidsCommand,
  demo: async () => (await import('./commands/demo.js')).demoCommand,
};
const COMMAND_NAMES = Object.keys(COMMAND_LOADERS);

async function loadCommands(): Promise<Command[]> {
  return Promise.all(Object.values(COMMAND_LOADERS).map((load) => load()));
}

async function dispatch(args: readonly string[], context: CommandContext): Promise<ExitCode> {
  const [first, ...rest] = args;
  if (first === '--version' || first === '-V') {
    context.stdout.write(`${packageVersion()}\n`);
    return EXIT.ok;
  }
  if (first === '--help' || first === '-h' || first === 'help') {
    context.stdout.write(programHelp(await loadCommands(), packageVersion()));
    return EXIT.ok;
  }
  if (first === undefined) throw new UsageError('no command given', '');
  const load = Object.hasOwn(COMMAND_LOADERS, first) ? COMMAND_LOADERS[first] : undefined;
  if (load === undefined) {
    const suggestion = nearestName(first, COMMAND_NAMES);
    const what = first.startsWith('-') ? `unknown option ${first}` : `unknown command "${first}"`;
    throw new UsageError(`${what}${suggestion === undefined ? '' : `; did you mean "${suggestion}"?`}`, '');
  }
  const command = await load();
  const values = parseCommandArgs(command, rest);
  if (values['help'] === true) {
    context.stdout.write(commandHelp(command));
    return EXIT.ok;
  }
  return command.run(values, context);
}

async function main(): Promise<ExitCode> {
  process.title = 'misp-agentx';
  const context: CommandContext = { env: process.env, stdout: process.stdout, stderr: process.stderr };
  try {
    return await dispatch(process.argv.slice(2), context);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    const help = error.command === '' ? 'misp-agentx --help' : `misp-agentx ${error.command} --help`;
    context.stderr.write(`misp-agentx: ${error.message}\nRun "${help}" for usage.\n`);
    return EXIT.usage;
  }
}

main().then(
  (code) => {
    process.exitCode = code;
    // Timers and sockets of finished work (HTTP keep-alive, AgentX) must not keep the process alive.
    setImmediate(() => process.exit(code));
  },
  (error: unknown) => {
    process.stderr.write(`misp-agentx: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(EXIT.problem);
  },
);
