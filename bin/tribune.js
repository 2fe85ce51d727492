#!/usr/bin/env node
// Runs the TypeScript sources: from one bundle of them when it can (a fast start, see cli-bundle.js),
// else directly through tsx. No build step between a change and a run either way.
import { runBundledCli } from "./cli-bundle.js";

if (!(await runBundledCli())) {
  const { register } = await import("tsx/esm/api");
  register();
  await import("../src/cli/main.ts");
}
