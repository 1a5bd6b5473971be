import { L2_BRIDGE_ADDRESS } from "@halcyon/protocol";
import { type Address, isAddress, isAddressEqual, zeroAddress } from "viem";
import { InvalidArgumentError } from "../errors.ts";

/** The Bridge refuses deposits to 0x0 and to the L2 bridge address (docs/protocol.md §4). */
export function assertL2Recipient(to: Address): void {
  if (!isAddress(to, { strict: false })) {
    throw new InvalidArgumentError("the L2 recipient is not an address", { details: { to: String(to) } });
  }
  if (isAddressEqual(to, zeroAddress) || isAddressEqual(to, L2_BRIDGE_ADDRESS)) {
    throw new InvalidArgumentError("the Bridge refuses deposits to 0x0 and to the L2 bridge address", {
      details: { to },
    });
  }
}
