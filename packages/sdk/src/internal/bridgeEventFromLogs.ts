import { type Log, type ParseEventLogsReturnType, parseEventLogs } from "viem";
import { bridgeAbi } from "../abis.ts";
import type { RawLog } from "../core/ports.ts";
import { EventNotFoundError } from "../errors.ts";

type BridgeEvent = "ETHDeposited" | "ERC20Deposited" | "TransactionForced" | "WithdrawalFinalized";

/** The args of the Bridge's event `eventName` in a receipt's logs (viem's or ethers'), from the Bridge's address. */
export function bridgeEventFromLogs<const E extends BridgeEvent>(
  logs: readonly RawLog[],
  bridge: `0x${string}`,
  eventName: E,
): ParseEventLogsReturnType<typeof bridgeAbi, E, true>[number]["args"] {
  const parsed: ParseEventLogsReturnType<typeof bridgeAbi, E, true> = parseEventLogs({
    abi: bridgeAbi,
    eventName,
    logs: logs.map((log) => ({ ...log, topics: [...log.topics] }) as unknown as Log),
  });
  const events = parsed.filter((log) => log.address.toLowerCase() === bridge.toLowerCase());
  const event = events[0];
  if (event === undefined) {
    throw new EventNotFoundError(`the receipt has no ${eventName} event from the Bridge ${bridge}`);
  }
  return event.args;
}
