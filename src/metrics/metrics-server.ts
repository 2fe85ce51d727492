import { createServer, type Server } from "node:http";
import { AggregatorRegistry, type Registry } from "prom-client";

/** What a scrape answers: Prometheus' text format. */
interface Exposition {
  contentType: string;
  body: string;
}

/**
 * Serves `GET /metrics` on its own port (METRICS_PORT), apart from the site: whoever can reach the
 * site cannot read its metrics unless that port is open to them too.
 */
async function serveExposition(
  port: number,
  host: string,
  read: () => Promise<Exposition>,
  onError: (error: unknown) => void,
): Promise<{ close(): Promise<void> }> {
  const server: Server = createServer((request, response) => {
    if (request.method !== "GET" || request.url !== "/metrics") {
      response.writeHead(404, { "content-type": "text/plain" }).end("Metrics are at GET /metrics\n");
      return;
    }
    read().then(
      ({ contentType, body }) => response.writeHead(200, { "content-type": contentType }).end(body),
      (error: unknown) => {
        onError(error);
        response.writeHead(500, { "content-type": "text/plain" }).end("The metrics could not be gathered\n");
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve());
  });
  return {
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** One process serving the site: its own registry. */
export function serveProcessMetrics(
  registry: Registry,
  options: { port: number; host: string; onError: (error: unknown) => void },
) {
  return serveExposition(
    options.port,
    options.host,
    async () => ({ contentType: registry.contentType, body: await registry.metrics() }),
    options.onError,
  );
}

/**
 * The cluster primary: every worker's registry, gathered over the cluster's channel by prom-client's
 * AggregatorRegistry at each scrape and added up (gauges read from the database: their maximum).
 */
export function serveClusterMetrics(options: {
  port: number;
  host: string;
  onError: (error: unknown) => void;
}) {
  const aggregator = new AggregatorRegistry();
  return serveExposition(
    options.port,
    options.host,
    async () => {
      const merged = await aggregator.clusterMetrics();
      return { contentType: aggregator.contentType, body: merged };
    },
    options.onError,
  );
}

/** In a cluster worker: the registry the primary's AggregatorRegistry asks for at each scrape. */
export function offerMetricsToPrimary(registry: Registry): void {
  // Making one installs prom-client's answer to the primary's requests in this worker.
  new AggregatorRegistry();
  AggregatorRegistry.setRegistries([registry]);
}
