// Starts the open-loop load generator (bench/spike/open-loop.ts) in a process of its own and follows
// its phases as they start, so the benchmark can act on them (scrape metrics, start the editor).
import { writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { startTracked } from "../speed/processes.ts";
import type { LoadEvent, LoadPlan, StreamFigures } from "./load-plan.ts";

const GENERATOR = resolve("bench/spike/open-loop.ts");
let plans = 0;

/**
 * Runs `plan`; `onPhase` is called as each phase starts (and with "end" when the last is over),
 * awaited before the next event is read. Resolves with the figures of every stream in every phase.
 */
export async function runLoad(
  plan: LoadPlan,
  workDir: string,
  onPhase: (name: string) => void | Promise<void>,
): Promise<StreamFigures[]> {
  const file = join(workDir, `load-plan-${++plans}.json`);
  writeFileSync(file, JSON.stringify(plan));
  const generator = startTracked(process.execPath, ["--import", "tsx", GENERATOR, file]);
  let figures: StreamFigures[] | undefined;
  let pending = "";
  let handling = Promise.resolve();
  generator.child.stdout?.on("data", (chunk: Buffer) => {
    pending += chunk.toString();
    const lines = pending.split("\n");
    pending = lines.pop() ?? "";
    for (const line of lines) {
      if (!line.trim()) continue;
      const event = JSON.parse(line) as LoadEvent;
      if (event.event === "done") figures = event.figures;
      else {
        const name = event.event === "end" ? "end" : event.name;
        handling = handling.then(() => onPhase(name));
        // Awaited once the generator exits; until then a failure must not end the process.
        handling.catch(() => {});
      }
    }
  });
  const code = await new Promise<number | null>((done) => generator.child.once("exit", done));
  await handling;
  if (code !== 0 || !figures) {
    throw new Error(`the load generator failed (exit ${code}):\n${generator.output()}`);
  }
  return figures;
}
