import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { testDatabases } from "../../../test/support/databases.ts";
import { type DemoApp, startDemoApp } from "../../../test/support/demo-app.ts";
import { parsePage } from "../../../test/support/html.ts";
import { type NewsroomSession, signInAs } from "../../../test/support/newsroom.ts";

for (const database of testDatabases()) {
  describe(`the sources pages on ${database.name}`, () => {
    let demo: DemoApp;
    let editor: NewsroomSession;

    before(async () => {
      demo = await startDemoApp(database);
      editor = await signInAs(demo.app, demo.database.db, "editor");
    });
    after(() => demo.close());

    const sourceId = async (name: string) =>
      (
        await demo.database.db
          .selectFrom("sources")
          .select("id")
          .where("name", "=", name)
          .executeTakeFirstOrThrow()
      ).id;
    const leadPage = async () => {
      const front = parsePage((await demo.app.inject("/en/")).body);
      const href = front.querySelector("main h2 a, main h3 a")?.getAttribute("href") ?? "";
      return (await demo.app.inject(href)).body;
    };

    test("lists the sources with their stories; a contributor is refused", async () => {
      const page = parsePage((await editor.get("/newsroom/sources")).body);
      const rows = [...page.querySelectorAll("tbody tr")].map((row) =>
        [...row.querySelectorAll("td")].map((cell) => cell.textContent),
      );
      assert.deepEqual(rows, [["Middle East Eye", "MEE", "", "1"]]);
      const contributor = await signInAs(demo.app, demo.database.db, "contributor");
      assert.equal((await contributor.get("/newsroom/sources")).statusCode, 403);
    });

    test("an address that is not http(s) is refused with 400 and the form keeps what was typed", async () => {
      const response = await editor.post("/newsroom/sources", {
        name: "Wire",
        shortName: "W",
        url: "javascript:alert(1)",
      });
      assert.equal(response.statusCode, 400);
      const page = parsePage(response.body);
      assert.match(page.querySelector(".error")?.textContent ?? "", /url: must be an http or https address/);
      assert.equal(page.querySelector('input[name="name"]')?.getAttribute("value"), "Wire");
      assert.equal(page.querySelector('input[name="url"]')?.getAttribute("value"), "javascript:alert(1)");
      const stored = await demo.database.db
        .selectFrom("sources")
        .select("name")
        .where("name", "=", "Wire")
        .execute();
      assert.deepEqual(stored, []);
    });

    test("an edit shows on the stories' pages at once", async () => {
      const mee = await sourceId("Middle East Eye");
      const saved = await editor.post(`/newsroom/sources/${mee}`, {
        name: "Middle East Eye (London)",
        shortName: "MEE",
        url: "https://www.middleeasteye.net/",
      });
      assert.equal(saved.statusCode, 303);
      assert.match(await leadPage(), /Middle East Eye \(London\)/);
    });

    test("a used source cannot be deleted (409) but merges into another after a confirmation", async () => {
      const mee = await sourceId("Middle East Eye (London)");
      assert.equal(
        (await editor.post("/newsroom/sources", { name: "MEE", shortName: "", url: "" })).statusCode,
        303,
      );
      const into = await sourceId("MEE");
      const refused = await editor.post(`/newsroom/sources/${mee}/delete`, { confirm: "yes" });
      assert.equal(refused.statusCode, 409);
      assert.match(refused.body, /merge it into another source instead/);

      assert.equal((await editor.get(`/newsroom/sources/${mee}/merge?into=${into}`)).statusCode, 200);
      const merged = await editor.post(`/newsroom/sources/${mee}/merge?into=${into}`, { confirm: "yes" });
      assert.equal(merged.statusCode, 303);
      assert.equal(merged.headers.location, `/newsroom/sources/${into}?done=merged`);
      const stories = await demo.database.db
        .selectFrom("stories")
        .select("id")
        .where("sourceId", "=", into)
        .execute();
      assert.equal(stories.length, 1);

      const unused = await editor.get(`/newsroom/sources/${mee}`);
      assert.equal(unused.statusCode, 404);
      const spare = await editor.post("/newsroom/sources", { name: "Spare", shortName: "", url: "" });
      const spareId = await sourceId("Spare");
      assert.equal(spare.statusCode, 303);
      assert.equal((await editor.get(`/newsroom/sources/${spareId}/delete`)).statusCode, 200);
      const deleted = await editor.post(`/newsroom/sources/${spareId}/delete`, { confirm: "yes" });
      assert.equal(deleted.statusCode, 303);
      const actions = await demo.database.db
        .selectFrom("auditLog")
        .select("action")
        .where("subjectType", "=", "source")
        .orderBy("id")
        .execute();
      assert.deepEqual(
        actions.map((row) => row.action),
        ["source.edit", "source.create", "source.merge", "source.create", "source.delete"],
      );
    });
  });
}
