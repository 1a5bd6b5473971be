import { Counter, collectDefaultMetrics, Gauge, Histogram, type Metric, Registry } from "prom-client";
import { BaseError } from "./errors.ts";

export class MetricsError extends BaseError {
  override name = "MetricsError";
}

export type CreateMetricsOptions = {
  /** Prepended to every metric name, e.g. "halcyon_sequencer_". */
  readonly prefix?: string;
  /** Labels on every series, e.g. { instance: "seq-1" }. */
  readonly defaultLabels?: Readonly<Record<string, string>>;
  /** Also export Node's process metrics (CPU, memory, event-loop lag, GC). Default false. */
  readonly processMetrics?: boolean;
};

export type MetricOptions<L extends string> = {
  readonly help: string;
  readonly labelNames?: readonly L[];
};

export type HistogramOptions<L extends string> = MetricOptions<L> & {
  /** Upper bounds, ascending. Default: prom-client's (seconds, 5 ms to 10 s). */
  readonly buckets?: readonly number[];
};

/**
 * One service instance's metrics: its own prom-client Registry (never the global one, so two services or
 * two tests in one process do not collide), helpers that register into it, and the exposition text.
 */
export type Metrics = {
  readonly registry: Registry;
  /** The Content-Type of `metricsText()` for an HTTP /metrics answer. */
  readonly contentType: string;
  counter<L extends string = never>(name: string, options: MetricOptions<L>): Counter<L>;
  gauge<L extends string = never>(name: string, options: MetricOptions<L>): Gauge<L>;
  histogram<L extends string = never>(name: string, options: HistogramOptions<L>): Histogram<L>;
  /** The Prometheus text exposition of every metric in the registry. */
  metricsText(): Promise<string>;
};

export function createMetrics(options: CreateMetricsOptions = {}): Metrics {
  const registry = new Registry();
  const prefix = options.prefix ?? "";
  if (options.defaultLabels !== undefined) registry.setDefaultLabels({ ...options.defaultLabels });
  if (options.processMetrics === true) collectDefaultMetrics({ register: registry, prefix });

  // Registering a name twice returns the first metric when the kind matches, so modules may declare the
  // metrics they use without coordinating; a different kind under one name is a programming error.
  function existing<M>(fullName: string, kind: new (...args: never[]) => M): M | undefined {
    const found: Metric | undefined = registry.getSingleMetric(fullName);
    if (found === undefined) return undefined;
    if (!(found instanceof kind)) {
      throw new MetricsError(`metric ${fullName} is already registered as another kind`);
    }
    return found;
  }

  return {
    registry,
    contentType: registry.contentType,
    counter<L extends string = never>(name: string, o: MetricOptions<L>): Counter<L> {
      const fullName = prefix + name;
      return (
        existing<Counter<L>>(fullName, Counter) ??
        new Counter<L>({
          name: fullName,
          help: o.help,
          labelNames: o.labelNames ?? [],
          registers: [registry],
        })
      );
    },
    gauge<L extends string = never>(name: string, o: MetricOptions<L>): Gauge<L> {
      const fullName = prefix + name;
      return (
        existing<Gauge<L>>(fullName, Gauge) ??
        new Gauge<L>({ name: fullName, help: o.help, labelNames: o.labelNames ?? [], registers: [registry] })
      );
    },
    histogram<L extends string = never>(name: string, o: HistogramOptions<L>): Histogram<L> {
      const fullName = prefix + name;
      return (
        existing<Histogram<L>>(fullName, Histogram) ??
        new Histogram<L>({
          name: fullName,
          help: o.help,
          labelNames: o.labelNames ?? [],
          registers: [registry],
          ...(o.buckets === undefined ? {} : { buckets: [...o.buckets] }),
        })
      );
    },
    metricsText: () => registry.metrics(),
  };
}
