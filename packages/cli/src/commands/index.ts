import type { Command } from "../command.ts";
import { batch } from "./batch.ts";
import { deposit } from "./deposit.ts";
import { devnet } from "./devnet.ts";
import { finalize } from "./finalize.ts";
import { send } from "./send.ts";
import { status } from "./status.ts";
import { tx } from "./tx.ts";
import { withdraw } from "./withdraw.ts";

/** Every command, in the order the help lists them: a developer's first ten minutes, in order. */
export const COMMANDS: readonly Command<unknown>[] = [
  devnet,
  deposit,
  send,
  withdraw,
  finalize,
  status,
  batch,
  tx,
];
