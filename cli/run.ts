/**
 * The command line: `run(argv, io)` parses arguments with commander and calls one command, returning
 * the exit status (0 success, 1 diagnostics with errors, 2 usage or internal error). Thin: every
 * command calls the library.
 */
import type { Command } from 'commander';
import type { RegisterCommand, SelectedCommand } from './command.js';
import type { Io } from './io.js';
import { packageVersion } from './package-root.js';
import { UsageError } from './usage-error.js';

/**
 * Every subcommand, in the order `clos --help` lists them, with the module that adds it. A run
 * whose first argument names a command loads that command's module only: `clos compile` does not
 * load the lab's or the review tools' code (~30 ms of every start, bench/PROFILE.md round 3).
 * Anything else (help, a typo to suggest a command for, an option first) loads them all.
 */
const commands: readonly (readonly [string, () => Promise<RegisterCommand>])[] = [
  ['compile', async () => (await import('./commands/compile.js')).registerCompile],
  ['check', async () => (await import('./commands/compile.js')).registerCheck],
  ['verify', async () => (await import('./commands/verify.js')).registerVerify],
  ['diff', async () => (await import('./commands/diff.js')).registerDiff],
  ['doc', async () => (await import('./commands/doc.js')).registerDoc],
  ['export', async () => (await import('./commands/export.js')).registerExport],
  ['lab', async () => (await import('./commands/lab.js')).registerLab],
];

/** The subcommands' names (cli/bundle.ts keeps V8's code cache per command). */
export const commandNames: readonly string[] = commands.map(([name]) => name);

async function commandsFor(first: string | undefined): Promise<RegisterCommand[]> {
  const named = commands.filter(([name]) => name === first);
  return Promise.all((named.length > 0 ? named : commands).map(([, load]) => load()));
}

type Commander = typeof import('commander');

function buildProgram(commander: Commander, io: Io, selected: SelectedCommand, registrations: readonly RegisterCommand[]): Command {
  const program = new commander.Command('clos')
    .description('EVPN-VXLAN fabric compiler and verifier: intent YAML to FRR, Arista EOS and Cisco NX-OS configs')
    .version(packageVersion(), '-V, --version', 'print the clos version')
    .helpOption('-h, --help', 'show help')
    .showHelpAfterError('(run clos --help for usage)')
    // clos's own options come before a command, so a command may pass the options after its
    // arguments on (`clos lab exec leaf1 vtysh -c …`).
    .enablePositionalOptions()
    .configureOutput({
      writeOut: (s) => {
        io.stdout.write(s);
      },
      writeErr: (s) => {
        io.stderr.write(s);
      },
      outputError: (s, write) => {
        write(s);
      },
    })
    .exitOverride();
  for (const register of registrations) register(program, selected);
  return program;
}

export async function run(argv: readonly string[], io: Io): Promise<number> {
  // `clos --version` alone prints what commander would, without loading it or any command.
  if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
    io.stdout.write(`${packageVersion()}\n`);
    return 0;
  }
  const [commander, registrations] = await Promise.all([import('commander'), commandsFor(argv[0])]);
  const selected: SelectedCommand = { action: undefined };
  const program = buildProgram(commander, io, selected, registrations);
  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (e) {
    if (e instanceof commander.CommanderError) {
      // --help, -V and `clos help` succeed; help shown because no command was given is a usage error.
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version') return 0;
      if (e.code === 'commander.help') return e.exitCode === 0 ? 0 : 2;
      return 2;
    }
    return internalError(io, e);
  }
  if (selected.action === undefined) {
    program.outputHelp({ error: true });
    return 2;
  }
  try {
    return await selected.action(io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr.write(`clos: ${e.message}\n`);
      return 2;
    }
    return internalError(io, e);
  }
}

function internalError(io: Io, e: unknown): number {
  const message = e instanceof Error ? e.message : String(e);
  io.stderr.write(`clos: internal error: ${message}\n`);
  if (io.env['CLOS_DEBUG'] === '1' && e instanceof Error && e.stack !== undefined) io.stderr.write(`${e.stack}\n`);
  else io.stderr.write('clos: this is a bug in clos; set CLOS_DEBUG=1 for details and report it\n');
  return 2;
}
