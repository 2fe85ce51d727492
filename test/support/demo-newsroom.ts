import { after, before } from "node:test";
import type { Role } from "../../src/accounts/authorization/roles.ts";
import type { Db } from "../../src/db/database.ts";
import type { TestDatabase } from "./databases.ts";
import { type DemoApp, startDemoApp } from "./demo-app.ts";
import { type NewsroomSession, signInEveryRole } from "./newsroom.ts";

/** The demo site with one user of every role signed in, for a `describe` (started before, closed after). */
export interface DemoNewsroom {
  readonly demo: DemoApp;
  readonly users: Record<Role, NewsroomSession>;
  readonly db: Db;
}

/** Starts the demo site on `database` before the suite's tests, signs every role in, closes it after. */
export function demoNewsroom(database: TestDatabase): DemoNewsroom {
  let demo: DemoApp | undefined;
  let users: Record<Role, NewsroomSession> | undefined;
  before(async () => {
    demo = await startDemoApp(database);
    users = await signInEveryRole(demo.app, demo.database.db);
  });
  after(() => demo?.close());
  const started = () => {
    if (!demo || !users) throw new Error("the demo newsroom is used before its suite started");
    return { demo, users };
  };
  return {
    get demo() {
      return started().demo;
    },
    get users() {
      return started().users;
    },
    get db() {
      return started().demo.database.db;
    },
  };
}
