import type { Address } from "../bytes.ts";
import { parseTransferCalldata } from "../codec/tokenTransfer.ts";
import type { L2State } from "../state/l2State.ts";
import { isTokenAddress } from "../tokenAddress.ts";
import type { TransactionFields } from "../tx/transaction.ts";

/**
 * The batch encoder's hints for a transaction about to be applied: the indices of `to` and of a
 * token transfer's recipient if those accounts exist now, so the batch can name them by index
 * (docs/protocol.md §6.3). Read without touching the state transition's read log.
 */
export function encodingHints(
  state: L2State,
  tx: Pick<TransactionFields, "to" | "data" | "value">,
): { toIndex?: bigint; recipientIndex?: bigint } {
  const toIndex = indexOf(state, tx.to);
  let recipientIndex: bigint | undefined;
  if (isTokenAddress(tx.to) && tx.value === 0n) {
    const transfer = parseTransferCalldata(tx.data);
    if (transfer !== null) recipientIndex = indexOf(state, transfer.recipient);
  }
  return {
    ...(toIndex === undefined ? {} : { toIndex }),
    ...(recipientIndex === undefined ? {} : { recipientIndex }),
  };
}

function indexOf(state: L2State, address: Address): bigint | undefined {
  const index = state.peekAccount(address).index;
  return index === 0n ? undefined : index;
}
