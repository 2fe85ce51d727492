// Runs every benchmark in turn with the same arguments (`npm run bench -- --quick`). Each writes its
// figures under bench-results/ and prints a table.
import { runBeaconBench } from "./beacon-bench.ts";
import { runCommentBench } from "./comment-bench.ts";
import { runImportBench } from "./import-bench.ts";
import { runLiveBench } from "./live-bench.ts";
import { runSearchBench } from "./search-bench.ts";
import { runSpeedBench } from "./speed-bench.ts";
import { runSpikeBench } from "./spike-bench.ts";

const benches: { name: string; run: (argv: string[]) => Promise<unknown> }[] = [
  { name: "speed", run: runSpeedBench },
  // After speed: it loads the same corpus (bench-results/bench-<N>.db), seeded by then.
  { name: "spike", run: runSpikeBench },
  // The same spike on PostgreSQL, on the speed benchmark's PostgreSQL corpus (skipped with the
  // reason when there is no server, as the speed benchmark's PostgreSQL scenarios are).
  { name: "spike on PostgreSQL", run: (argv) => runSpikeBench([...argv, "--database", "postgres"]) },
  { name: "search", run: runSearchBench },
  { name: "comments", run: runCommentBench },
  { name: "import", run: runImportBench },
  { name: "beacon", run: runBeaconBench },
  // --quick: 200 streams; without it, the 1,000.
  { name: "live", run: runLiveBench },
];

const argv = process.argv.slice(2);
for (const bench of benches) {
  process.stderr.write(`\n== ${bench.name} benchmark ==\n`);
  await bench.run(argv);
}
