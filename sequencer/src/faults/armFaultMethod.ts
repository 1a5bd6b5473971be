import type { RpcMethod } from "../rpc/context.ts";
import { invalidParams } from "../rpc/errors.ts";
import { paramList } from "../rpc/params.ts";
import { FaultError } from "./faultErrors.ts";
import type { FaultMode } from "./faultMode.ts";
import { parseFaultSpec } from "./faultSpec.ts";

/**
 * `halcyon_armFault(fault?)`: arms `fault` ({ kind, ...parameters }, faultSpec.ts) for the next batch it
 * applies to, and answers the fault mode's status (armed kind, censored addresses, faults applied so far).
 * Without a parameter it only answers the status; with `null` it disarms the armed fault. Served only
 * when the fault mode is on.
 */
export function armFaultMethod(faults: FaultMode): RpcMethod {
  return {
    name: "halcyon_armFault",
    handler: (params) => {
      const [spec] = paramList(params, 0, 1);
      if (spec === null) faults.disarm();
      else if (spec !== undefined) {
        try {
          faults.arm(parseFaultSpec(spec));
        } catch (error) {
          if (error instanceof FaultError) throw invalidParams(error.message);
          throw error;
        }
      }
      const status = faults.status();
      return {
        ...status,
        applied: status.applied.map((a) => ({ ...a, batch: `0x${a.batch.toString(16)}` })),
      };
    },
  };
}
