// Calldata pricing, to split a transaction's gas into its parts: EIP-2028 (16 gas per non-zero byte, 4
// per zero byte) and the EIP-7623 floor that Prague and later forks (Hardhat's default, osaka) apply: a
// transaction pays at least 21,000 + 10 gas per token, a token per zero byte and 4 per non-zero byte.

/** The intrinsic gas of every transaction. */
export const TX_BASE_GAS = 21_000;

/** Zero and non-zero bytes of calldata. */
function byteCounts(bytes: Uint8Array): { zero: number; nonZero: number } {
  let zero = 0;
  for (const b of bytes) if (b === 0) zero++;
  return { zero, nonZero: bytes.length - zero };
}

/** EIP-2028 calldata gas: 16 per non-zero byte, 4 per zero byte. */
export function calldataGas(bytes: Uint8Array): number {
  const { zero, nonZero } = byteCounts(bytes);
  return 16 * nonZero + 4 * zero;
}

/** EIP-7623 floor (Prague on): 10 per token, a token per zero byte and 4 per non-zero byte. */
export function floorGas(bytes: Uint8Array): number {
  const { zero, nonZero } = byteCounts(bytes);
  return 10 * (4 * nonZero + zero);
}
