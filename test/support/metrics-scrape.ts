import parsePrometheusTextFormat, { type PromFamily, type PromSample } from "parse-prometheus-text-format";

/** One scrape of a bot's `GET /metrics`, parsed by a Prometheus text-format parser. */
export interface Scrape {
  families: PromFamily[];
  /** A counter's or gauge's value for exactly these labels (0 when the series does not exist yet). */
  value(name: string, labels?: Record<string, string>): number;
  /** A histogram's observation count (and sum) for exactly these labels. */
  histogram(name: string, labels?: Record<string, string>): { count: number; sum: number };
  /** Names of every family exported, histograms' and summaries' series names included. */
  names(): Set<string>;
}

const matches = (sample: PromSample, labels: Record<string, string>) => {
  const have = sample.labels ?? {};
  const keys = new Set([...Object.keys(have), ...Object.keys(labels)]);
  return [...keys].every((k) => have[k] === labels[k]);
};

export async function scrape(botUrl: string): Promise<Scrape> {
  const res = await fetch(`${botUrl}/metrics`);
  if (!res.ok) throw new Error(`GET /metrics answered ${res.status}`);
  if (!res.headers.get("content-type")?.startsWith("text/plain")) throw new Error("not the text format");
  const text = await res.text();
  const families = parsePrometheusTextFormat(text);
  // The parser merges a labelled histogram's series into one (it keeps count and sum only for an
  // unlabelled one), so each histogram's `_count` and `_sum` series are parsed again as families.
  const lines = text.split("\n");
  const series = families
    .filter((f) => f.type === "HISTOGRAM")
    .flatMap((f) =>
      ["_count", "_sum"].map((suffix) => {
        const name = f.name + suffix;
        const own = lines.filter((l) => l.startsWith(`${name}{`) || l.startsWith(`${name} `));
        return [`# TYPE ${name} counter`, ...own].join("\n");
      }),
    );
  const histogramSeries = parsePrometheusTextFormat(`${series.join("\n")}\n`);
  const family = (name: string) =>
    families.find((f) => f.name === name) ?? histogramSeries.find((f) => f.name === name);
  const sample = (name: string, labels: Record<string, string>) =>
    family(name)?.metrics.find((m) => matches(m, labels));
  return {
    families,
    value: (name, labels = {}) => Number(sample(name, labels)?.value ?? 0),
    histogram(name, labels = {}) {
      const read = (suffix: string) => Number(sample(name + suffix, labels)?.value ?? 0);
      return { count: read("_count"), sum: read("_sum") };
    },
    names() {
      const names = new Set<string>();
      for (const f of families) {
        names.add(f.name);
        if (f.type === "HISTOGRAM") for (const s of ["_bucket", "_count", "_sum"]) names.add(f.name + s);
        if (f.type === "SUMMARY") for (const s of ["_count", "_sum"]) names.add(f.name + s);
      }
      return names;
    },
  };
}
