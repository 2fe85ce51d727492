import { testDatabases } from "./test/support/databases.ts";
import { startDemoApp } from "./test/support/demo-app.ts";
import { seedDemo } from "./src/seed/demo-seed.ts";
import { mkdtemp } from "node:fs/promises";
for (const d of testDatabases()) {
  for (let i = 0; i < 3; i++) {
    let t = performance.now();
    const h = await d.open();
    const a = performance.now() - t; t = performance.now();
    await seedDemo(h.db, { mediaDir: await mkdtemp("/tmp/m4-"), editions: ["en", "pt", "es"] });
    const b = performance.now() - t;
    await h.close();
    t = performance.now();
    const app = await startDemoApp(d);
    const c = performance.now() - t;
    await app.close();
    console.log(d.name, "open", a.toFixed(0), "seed", b.toFixed(0), "startDemoApp", c.toFixed(0));
  }
}
