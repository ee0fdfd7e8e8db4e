import { loadConfig } from '../../config/load-config.js';
import { runDaemon } from '../../daemon/run-daemon.js';
import { CONFIG_OPTION, type Command, EXIT, packageVersion } from '../command.js';
import { chooseConfigPath, configLoader } from '../load-for-command.js';

export const runCommand: Command = {
  name: 'run',
  summary: 'the daemon: serve MISP-AGENTX-MIB through snmpd over AgentX',
  description: [
    'Connects to snmpd\'s AgentX socket, registers the MIB\'s subtree and polls each configured MISP',
    'instance on its own intervals. It answers at once; values read "notYetPolled" until the first poll.',
    'SIGHUP reloads the configuration (a bad new file is refused and the old one kept); SIGTERM or',
    'SIGINT closes the AgentX session within agentx.shutdownTimeoutSeconds. Logs go to stdout: JSON',
    'lines for journald, readable lines in a terminal.',
  ].join('\n'),
  options: { config: CONFIG_OPTION },
  async run(values, context) {
    const config = configLoader(values, context)();
    if (config === null) return EXIT.config;
    const path = chooseConfigPath(values, context.env);
    const code = await runDaemon({ config, reloadConfig: () => loadConfig(path, context.env), version: packageVersion() });
    return code === 0 ? EXIT.ok : EXIT.problem;
  },
};
