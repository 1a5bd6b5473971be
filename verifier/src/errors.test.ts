import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { HttpRequestError } from "viem";
import { CriticalError, describeError, gradeOf, ResetError, TemporaryError } from "./errors.ts";

describe("error grades", () => {
  test("graded errors keep their grade; L1 and connection failures are temporary; the rest is critical", () => {
    assert.equal(gradeOf(new TemporaryError("x")), "temporary");
    assert.equal(gradeOf(new ResetError("x")), "reset");
    assert.equal(gradeOf(new CriticalError("x")), "critical");
    assert.equal(gradeOf(new HttpRequestError({ url: "http://127.0.0.1:1" })), "temporary");
    assert.equal(gradeOf(Object.assign(new Error("refused"), { code: "ECONNREFUSED" })), "temporary");
    assert.equal(gradeOf(Object.assign(new Error("admin shutdown"), { code: "57P01" })), "temporary");
    assert.equal(gradeOf(Object.assign(new Error("duplicate key"), { code: "23505" })), "critical");
    assert.equal(gradeOf(new TypeError("a defect")), "critical");
  });

  test("describeError follows the cause chain", () => {
    const error = new CriticalError("outer", { cause: new Error("inner") });
    assert.equal(describeError(error), "CriticalError: outer <- Error: inner");
  });
});
