import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { createMetrics, MetricsError } from "./metrics.ts";

describe("createMetrics", () => {
  it("registers counters, gauges and histograms in its own registry and renders them", async () => {
    const m = createMetrics({ prefix: "halcyon_test_", defaultLabels: { instance: "a" } });
    m.counter("txs_total", { help: "Transactions accepted", labelNames: ["kind"] }).inc(
      { kind: "transfer" },
      3,
    );
    m.gauge("head", { help: "L2 head" }).set(42);
    const h = m.histogram("seal_seconds", { help: "Time to seal", buckets: [0.1, 1] });
    h.observe(0.05);
    h.observe(0.5);
    const text = await m.metricsText();
    assert.match(text, /^halcyon_test_txs_total\{kind="transfer",instance="a"\} 3$/m);
    assert.match(text, /^halcyon_test_head\{instance="a"\} 42$/m);
    assert.match(text, /^halcyon_test_seal_seconds_bucket\{le="0.1",instance="a"\} 1$/m);
    assert.match(text, /^halcyon_test_seal_seconds_count\{instance="a"\} 2$/m);
    assert.match(m.contentType, /^text\/plain/);
  });

  it("keeps two instances apart and returns the same metric for the same name", async () => {
    const a = createMetrics();
    const b = createMetrics();
    const c1 = a.counter("jobs_total", { help: "Jobs" });
    assert.equal(a.counter("jobs_total", { help: "Jobs" }), c1);
    c1.inc();
    b.counter("jobs_total", { help: "Jobs" }).inc(5);
    assert.match(await a.metricsText(), /^jobs_total 1$/m);
    assert.match(await b.metricsText(), /^jobs_total 5$/m);
    assert.throws(() => a.gauge("jobs_total", { help: "Jobs" }), MetricsError);
  });

  it("optionally exports process metrics", async () => {
    const m = createMetrics({ prefix: "svc_", processMetrics: true });
    assert.match(await m.metricsText(), /^svc_process_cpu_user_seconds_total /m);
  });
});
