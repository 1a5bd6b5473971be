import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Interface } from "ethers";
import fc from "fast-check";
import { type Address, bytesToHex } from "../bytes.ts";
import { L2_BRIDGE_ADDRESS, MAX_UINT256 } from "../constants.ts";
import { isTokenAddress } from "../tokenAddress.ts";
import { parseTransferCalldata, transferCalldata } from "./tokenTransfer.ts";

const erc20 = new Interface(["function transfer(address to, uint256 amount)"]);

describe("token transfer calldata", () => {
  it("matches the ABI encoding of transfer(address,uint256) and parses back", () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 20, maxLength: 20 }),
        fc.bigInt(0n, MAX_UINT256),
        (raw, amount) => {
          const recipient = bytesToHex(raw) as Address;
          const data = transferCalldata(recipient, amount);
          assert.equal(bytesToHex(data), erc20.encodeFunctionData("transfer", [recipient, amount]));
          assert.deepEqual(parseTransferCalldata(data), { recipient, amount });
        },
      ),
    );
  });

  it("refuses anything but the canonical 68-byte form", () => {
    const ok = transferCalldata("0x00000000000000000000000000000000000000ff", 5n);
    assert.ok(parseTransferCalldata(ok));
    for (const i of [0, 3, 4, 15]) {
      const bad = ok.slice();
      bad[i]! ^= 0x80;
      assert.equal(parseTransferCalldata(bad), null, `byte ${i}`);
    }
    assert.equal(parseTransferCalldata(ok.subarray(0, 67)), null);
    assert.equal(parseTransferCalldata(Uint8Array.from([...ok, 0])), null);
  });

  it("recognises token addresses by their 4-byte prefix", () => {
    assert.ok(isTokenAddress("0x4a1c7070000000000000000000000000000000aa"));
    assert.ok(isTokenAddress("0x4A1C7070000000000000000000000000000000AA"));
    assert.equal(isTokenAddress("0x4a1c7071000000000000000000000000000000aa"), false);
    assert.equal(isTokenAddress(L2_BRIDGE_ADDRESS), false);
  });
});
