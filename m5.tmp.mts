import { testDatabases } from "./test/support/databases.ts";
import { startDemoApp } from "./test/support/demo-app.ts";
const d = testDatabases()[0]!;
(await startDemoApp(d)).close();
const t = performance.now();
for (let i = 0; i < 3; i++) { const a = await startDemoApp(d); await a.close(); }
console.log("3 apps", (performance.now() - t).toFixed(0));
