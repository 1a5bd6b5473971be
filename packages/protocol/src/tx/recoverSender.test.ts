import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { recoverAddress as ethersRecoverAddress, Wallet } from "ethers";
import fc from "fast-check";
import { bigintToHex32, bytesToHex } from "../bytes.ts";
import { keccak256 } from "../crypto/keccak.ts";
import { decodeTransaction } from "./decodeTransaction.ts";
import { nativeSecp256k1, recoverAddress, recoverSender } from "./recoverSender.ts";
import { signingHash } from "./signingHash.ts";
import { addressOfPrivateKey, signTransactionForTest, testPrivateKey } from "./testing.ts";
import { SECP256K1_N, type TransactionFields } from "./transaction.ts";

const CHAIN_ID = 424242n;

const fields = (i: number, type: 0 | 2): TransactionFields => ({
  type,
  chainId: CHAIN_ID,
  nonce: BigInt(i),
  maxPriorityFeePerGas: type === 2 ? 1n : 7n,
  maxFeePerGas: 7n,
  gasLimit: 21000n,
  to: `0x${"cd".repeat(20)}`,
  value: BigInt(i) * 10n ** 15n,
  data: new Uint8Array(i % 7),
});

/** ethers' answer, with its exceptions (no key recovers) mapped to null. */
function ethersRecover(hash: Uint8Array, yParity: 0 | 1, r: bigint, s: bigint): string | null {
  try {
    return ethersRecoverAddress(bytesToHex(hash), {
      r: bigintToHex32(r),
      s: bigintToHex32(s),
      v: 27 + yParity,
    }).toLowerCase();
  } catch {
    return null;
  }
}

describe("recoverSender", () => {
  it("runs on the native secp256k1 binding", () => {
    assert.equal(nativeSecp256k1, true);
  });

  it("recovers the address of the key that signed, as ethers does", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 1_000_000 }),
        fc.constantFrom(0 as const, 2 as const),
        async (k, type) => {
          const key = testPrivateKey(k);
          const wallet = new Wallet(bytesToHex(key));
          const f = fields(k, type);
          const raw = await wallet.signTransaction({
            type,
            chainId: f.chainId,
            nonce: Number(f.nonce),
            gasLimit: f.gasLimit,
            to: f.to,
            value: f.value,
            data: bytesToHex(f.data),
            ...(type === 2 ? { maxPriorityFeePerGas: 1n, maxFeePerGas: 7n } : { gasPrice: 7n }),
          });
          const tx = decodeTransaction(Buffer.from(raw.slice(2), "hex"), CHAIN_ID);
          assert.equal(recoverSender(tx), wallet.address.toLowerCase());
          assert.equal(addressOfPrivateKey(key), wallet.address.toLowerCase());
        },
      ),
      { numRuns: 40 },
    );
  });

  it("agrees with ethers on arbitrary signatures, including those that recover no key", () => {
    const hash = keccak256(new TextEncoder().encode("halcyon"));
    let nulls = 0;
    for (let r = 1n; r <= 40n; r++) {
      for (const yParity of [0, 1] as const) {
        const ours = recoverAddress(hash, yParity, r, 12345n);
        assert.equal(ours, ethersRecover(hash, yParity, r, 12345n), `r=${r} yParity=${yParity}`);
        if (ours === null) nulls++;
      }
    }
    assert.ok(nulls > 0, "some small r must not be an x coordinate on the curve");
  });

  it("returns null for r or s that no signature has", () => {
    const hash = keccak256(new Uint8Array(1));
    assert.equal(recoverAddress(hash, 0, 0n, 1n), null);
    assert.equal(recoverAddress(hash, 0, 1n, 0n), null);
    assert.equal(recoverAddress(hash, 0, SECP256K1_N, 1n), null);
    assert.equal(recoverAddress(hash, 0, 2n ** 256n, 1n), null);
    assert.equal(recoverAddress(hash, 0, -1n, 1n), null);
  });

  it("recovers the same sender for transactions rebuilt from fields", () => {
    const key = testPrivateKey(9);
    for (let i = 0; i < 50; i++) {
      const { tx } = signTransactionForTest(fields(i, i % 2 === 0 ? 2 : 0), key);
      assert.equal(recoverSender(tx), addressOfPrivateKey(key));
      assert.equal(recoverSender({ ...tx, value: tx.value + 1n }) === addressOfPrivateKey(key), false);
      assert.equal(bytesToHex(signingHash(tx)).length, 66);
    }
  });
});
