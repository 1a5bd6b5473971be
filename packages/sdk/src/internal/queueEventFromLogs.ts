import { type Log, type ParseEventLogsReturnType, parseEventLogs } from "viem";
import { bridgeAbi } from "../abis.ts";
import { EventNotFoundError } from "../errors.ts";

type QueueEvent = "ETHDeposited" | "ERC20Deposited" | "TransactionForced";

/** The args of the Bridge's queue event of `eventName` in a receipt's logs, from the Bridge's address. */
export function queueEventFromLogs<const E extends QueueEvent>(
  logs: readonly Log[],
  bridge: `0x${string}`,
  eventName: E,
): ParseEventLogsReturnType<typeof bridgeAbi, E, true>[number]["args"] {
  const parsed: ParseEventLogsReturnType<typeof bridgeAbi, E, true> = parseEventLogs({
    abi: bridgeAbi,
    eventName,
    logs: [...logs],
  });
  const events = parsed.filter((log) => log.address.toLowerCase() === bridge.toLowerCase());
  const event = events[0];
  if (event === undefined) {
    throw new EventNotFoundError(`the receipt has no ${eventName} event from the Bridge ${bridge}`);
  }
  return event.args;
}
