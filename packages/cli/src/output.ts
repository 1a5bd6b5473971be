import type { Writable } from "node:stream";
import { toJson } from "./format/toJson.ts";

// Where a command's words go. stdout holds the result only: readable text, or with --json exactly one
// JSON document, so scripts can parse it. Notes and progress go to stderr, so they never mix with it.

export type OutputStreams = { readonly stdout: Writable; readonly stderr: Writable & { isTTY?: boolean } };

export class Output {
  readonly json: boolean;
  readonly #streams: OutputStreams;
  #lastProgress = "";
  #lastProgressAt = 0;
  #progressOpen = false;

  constructor(streams: OutputStreams, json: boolean) {
    this.#streams = streams;
    this.json = json;
  }

  /** The command's result: `text` for people, `json` with --json. Called once per command. */
  result(text: string, json: unknown): void {
    this.#endProgress();
    this.#streams.stdout.write(this.json ? `${toJson(json)}\n` : `${text}\n`);
  }

  /** A note for people (e.g. which key is used), on stderr. */
  note(text: string): void {
    this.#endProgress();
    this.#streams.stderr.write(`${text}\n`);
  }

  /**
   * Progress of a long wait, on stderr: rewritten in place on a terminal; otherwise one line when the
   * message changes, and at most every `everyMs` for a countdown, so logs stay short.
   */
  progress(text: string, everyMs = 10_000): void {
    const now = Date.now();
    if (this.#streams.stderr.isTTY === true) {
      this.#streams.stderr.write(`\r\x1b[K${text}`);
      this.#progressOpen = true;
      return;
    }
    const sameKind = text.replace(/\d+/g, "#") === this.#lastProgress.replace(/\d+/g, "#");
    if (text === this.#lastProgress || (sameKind && now - this.#lastProgressAt < everyMs)) return;
    this.#lastProgress = text;
    this.#lastProgressAt = now;
    this.#streams.stderr.write(`${text}\n`);
  }

  /** The one-line message of a failure, on stderr (and as a JSON document on stdout with --json). */
  error(message: string, name: string, exitCode: number): void {
    this.#endProgress();
    this.#streams.stderr.write(`halcyon: ${message}\n`);
    if (this.json) this.#streams.stdout.write(`${toJson({ error: { name, message, exitCode } })}\n`);
  }

  #endProgress(): void {
    if (this.#progressOpen) this.#streams.stderr.write("\n");
    this.#progressOpen = false;
  }
}
