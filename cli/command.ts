/** What a command module needs to add itself to the program. */
import { Option, type Command } from 'commander';
import type { Io } from './io.js';

export type CommandAction = (io: Io) => number | Promise<number>;

/** Set by a command's commander action; run() calls it after parsing. */
export interface SelectedCommand {
  action: CommandAction | undefined;
}

/** Each command module adds its subcommand to the program. */
export type RegisterCommand = (program: Command, selected: SelectedCommand) => void;

export const platformOption = (): Option =>
  new Option('--platform <platform>', 'render every device for this platform, overriding the intent').choices(['frr', 'eos', 'nxos']);
