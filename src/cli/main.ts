import { nearestName } from '../config/suggest.js';
import { type Command, type CommandContext, EXIT, type ExitCode, packageVersion, UsageError } from './command.js';
import { checkCommand } from './commands/check.js';
import { demoCommand } from './commands/demo.js';
import { doctorCommand } from './commands/doctor.js';
import { mibCommand, oidsCommand } from './commands/mib.js';
import { runCommand } from './commands/run.js';
import { commandHelp, programHelp } from './help.js';
import { parseCommandArgs } from './parse-command-args.js';

const COMMANDS: readonly Command[] = [runCommand, checkCommand, doctorCommand, mibCommand, oidsCommand, demoCommand];

async function dispatch(args: readonly string[], context: CommandContext): Promise<ExitCode> {
  const [first, ...rest] = args;
  if (first === '--version' || first === '-V') {
    context.stdout.write(`${packageVersion()}\n`);
    return EXIT.ok;
  }
  if (first === '--help' || first === '-h' || first === 'help') {
    context.stdout.write(programHelp(COMMANDS, packageVersion()));
    return EXIT.ok;
  }
  if (first === undefined) throw new UsageError('no command given', '');
  const command = COMMANDS.find((candidate) => candidate.name === first);
  if (command === undefined) {
    const suggestion = nearestName(first, COMMANDS.map((candidate) => candidate.name));
    const what = first.startsWith('-') ? `unknown option ${first}` : `unknown command "${first}"`;
    throw new UsageError(`${what}${suggestion === undefined ? '' : `; did you mean "${suggestion}"?`}`, '');
  }
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
