import { formatUnits } from "viem";

/** Base units as a readable amount with its symbol: 1500000000000000000n, 18, "ETH" -> "1.5 ETH". */
export function formatAmount(units: bigint, decimals: number, symbol: string): string {
  return `${formatUnits(units, decimals)} ${symbol}`;
}
