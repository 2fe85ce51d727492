import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { ArticleService } from "../src/articles/article-service.ts";
import { StoryService } from "../src/articles/story-service.ts";
import { bodyFromParagraphs } from "../src/shared/body/body-text.ts";
import { TagService } from "../src/tags/tag-service.ts";
import { testDatabases } from "./support/databases.ts";
import { type DemoApp, startDemoApp } from "./support/demo-app.ts";

/** Titles in four scripts, the slug each gets, and that slug as a URL carries it. */
const TITLES = [
  { title: "القاهرة تستضيف قمة الطاقة", slug: "القاهرة-تستضيف-قمة-الطاقة" },
  { title: "Выборы в Москве: явка 40%", slug: "выборы-в-москве-явка-40" },
  { title: "北京 宣布 新 能源 政策", slug: "北京-宣布-新-能源-政策" },
  { title: "İstanbul'da seçim: Kadıköy", slug: "istanbul-da-secim-kadikoy" },
];

for (const database of testDatabases()) {
  describe(`titles in any script on ${database.name}`, () => {
    let demo: DemoApp;
    const paths: string[] = [];

    before(async () => {
      demo = await startDemoApp(database);
      const db = demo.database.db;
      const tag = await new TagService(db).upsertTag({
        key: "moscow",
        kind: "topic",
        names: { en: { name: "Москва" } },
      });
      for (const { title } of TITLES) {
        const story = await new StoryService(db).createStory({ originalEdition: "en", tagIds: [tag.id] });
        const article = await new ArticleService(db).createArticle({
          storyId: story.id,
          edition: "en",
          title,
          body: bodyFromParagraphs(["Reported from the newsroom."]),
        });
        const published = await new ArticleService(db).publishArticle(article.id);
        paths.push(
          `/en/${published.publishedAt?.slice(0, 10).replaceAll("-", "/")}/${encodeURIComponent(published.slug)}`,
        );
      }
    });
    after(async () => {
      await demo.close();
    });

    test("each article gets a slug in its own script (Latin letters plainly), and is served at it", async () => {
      for (const [index, { slug }] of TITLES.entries()) {
        const path = paths[index] ?? "";
        assert.ok(path.endsWith(`/${encodeURIComponent(slug)}`), path);
        const page = await demo.app.inject(path);
        assert.equal(page.statusCode, 200, path);
        assert.match(page.body, new RegExp(`<link rel="canonical" href="[^"]*${encodeURIComponent(slug)}"`));
      }
    });

    test("a tag named in Cyrillic has its archive and feed at its Cyrillic slug, listing percent-encoded links", async () => {
      const archive = await demo.app.inject(`/en/tag/${encodeURIComponent("москва")}`);
      assert.equal(archive.statusCode, 200);
      for (const { slug } of TITLES) assert.ok(archive.body.includes(encodeURIComponent(slug)), slug);
      const feed = await demo.app.inject(`/en/tag/${encodeURIComponent("москва")}/feed.xml`);
      assert.equal(feed.statusCode, 200);
      assert.ok(feed.body.includes(encodeURIComponent(TITLES[1]?.slug ?? "")));
    });

    test("a slug in the wrong form, or a path segment that decodes to a slash, finds nothing", async () => {
      const [, , year, month, day] = (paths[1] ?? "").split("/");
      for (const path of [
        `/en/${year}/${month}/${day}/${encodeURIComponent("Выборы-в-москве-явка-40")}`,
        `/en/tag/${encodeURIComponent("моск/ва")}`,
        "/en/tag/%D0%BC%D0",
      ]) {
        const answer = await demo.app.inject(path);
        assert.ok([400, 404].includes(answer.statusCode), `${path}: ${answer.statusCode}`);
      }
    });
  });
}
