import { requiredGas } from "@halcyon/protocol";
import { type Address, encodeFunctionData, erc20Abi } from "viem";
import { parseAddress } from "../args/parseAddress.ts";
import { parseDecimalAmount, toBaseUnits } from "../args/parseAmount.ts";
import { type Command, requiredFlag } from "../command.ts";
import { CliError } from "../errors.ts";
import { formatAmount } from "../format/formatAmount.ts";
import { formatFields } from "../format/table.ts";
import { ETH, l2Balance, l2TokenInfo } from "../tokenInfo.ts";

export const send: Command = {
  name: "send",
  summary: "send ETH or a bridged ERC-20 to an address on L2",
  usage: "halcyon send --to <address> --value <amount> [--token <l1 address>]",
  description: [
    "Signs an L2 transfer with the signing account, sends it to the sequencer and waits for its",
    "receipt (the sequencer's soft confirmation, within a block time).",
  ].join("\n"),
  flags: {
    to: { type: "string", value: "<address>", description: "the recipient on L2" },
    value: {
      type: "string",
      value: "<amount>",
      description: "amount in ether (or in the token's units with --token)",
    },
    token: {
      type: "string",
      value: "<l1 address>",
      description: "send this bridged ERC-20, named by its L1 address",
    },
  },
  positionals: [],
  examples: [
    "halcyon send --to 0x70997970C51812dc3A010C7d01b50e0d17dc79C8 --value 0.25",
    "halcyon send --to 0x70997970C51812dc3A010C7d01b50e0d17dc79C8 --value 10 --token 0x5FbDB2315678afecb367f032d93F642f64180aa3 --json",
  ],
  async run(session, args) {
    const to = parseAddress(requiredFlag(this, args, "to"), "--to");
    const amount = parseDecimalAmount(requiredFlag(this, args, "value"), "--value");
    const tokenText = args.strings.get("token");
    const l1Token = tokenText === undefined ? undefined : parseAddress(tokenText, "--token");

    const l2 = await session.l2Public();
    const token = l1Token === undefined ? ETH : await l2TokenInfo(l2, l1Token);
    const units = toBaseUnits(amount, token.decimals, "--value");
    const wallet = await session.l2Wallet();
    const from = wallet.account.address;
    const fmt = (v: bigint) => formatAmount(v, token.decimals, token.symbol);

    // A token transfer the balance cannot cover would still be mined, fail and cost its fee: refuse it here.
    const before = await l2Balance(l2, from, token);
    if (token.l2Token !== null && before < units) {
      throw new CliError(`--value: ${from} has ${fmt(before)} on L2, less than ${fmt(units)}`);
    }
    let hash: `0x${string}`;
    if (token.l2Token === null) {
      hash = await wallet.sendTransaction({ to, value: units });
    } else {
      const data = encodeFunctionData({ abi: erc20Abi, functionName: "transfer", args: [to, units] });
      const target: Address = token.l2Token;
      hash = await wallet.sendTransaction({
        to: target,
        data,
        gas: requiredGas(target, (data.length - 2) / 2),
      });
    }
    session.out.progress(`sent ${hash}, waiting for its receipt…`);
    const receipt = await l2.waitForTransactionReceipt({ hash, pollingInterval: 100, timeout: 60_000 });
    if (receipt.status !== "success") {
      throw new CliError(`transaction ${hash} failed on L2 (status 0, block ${receipt.blockNumber})`);
    }
    const fee = receipt.gasUsed * receipt.effectiveGasPrice;
    session.out.result(
      `Sent ${fmt(units)} from ${from} to ${to} on L2\n${formatFields(
        [
          ["transaction", hash],
          ["block", receipt.blockNumber.toString()],
          ["fee", formatAmount(fee, 18, "ETH")],
        ],
        "  ",
      )}`,
      {
        command: "send",
        from,
        to,
        token: token.l1Token,
        l2Token: token.l2Token,
        amount: units,
        decimals: token.decimals,
        transactionHash: hash,
        blockNumber: receipt.blockNumber,
        status: receipt.status,
        fee,
      },
    );
  },
};
