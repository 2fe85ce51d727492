// The body editor acts where the caret is: after a click (or a triple-click), End, Enter and typing
// land right after the clicked paragraph; a link dialog, the READ picker and the embed dialog insert at
// the selection the writer had when opening them, never at an older one and never over linked words.
// Fifty rounds, fast ones (no pause, as a script types) and human-paced ones (a few ms between steps),
// checked against a model of the body after every round and against the stored body at the end.

import assert from "node:assert/strict";
import { after, before, describe } from "node:test";
import type { Page } from "playwright-core";
import {
  browserTest,
  saveScreenshot,
  signInThroughForm,
  watchConsole,
  withPage,
} from "../../../test/support/browser.ts";
import { testDatabases } from "../../../test/support/databases.ts";
import { type DemoApp, startDemoApp } from "../../../test/support/demo-app.ts";
import { createTestUser } from "../../../test/support/newsroom.ts";

const ROUNDS = 50;
const START_PARAGRAPHS = [
  "Alpha opens the story",
  "Bravo gives the facts",
  "Charlie quotes a minister",
  "Delta adds the context",
  "Echo closes it",
];
const EMBED_URL = "https://www.youtube.com/watch?v=caret";
const LINK_URL = "https://example.org/caret";

/** A block as the test compares it: a paragraph's text with links as [text](href), or a card. */
type BlockLine = string;

interface JsonNode {
  type: string;
  text?: string;
  attrs?: Record<string, unknown>;
  marks?: { type: string; attrs?: Record<string, unknown> }[];
  content?: JsonNode[];
}

/** The body's blocks as lines: the same for TipTap's document and the stored body. */
function blockLines(doc: JsonNode): BlockLine[] {
  return (doc.content ?? []).map((block) => {
    if (block.type === "paragraph") {
      return (block.content ?? [])
        .map((inline) => {
          const link = inline.marks?.find((mark) => mark.type === "link");
          const text = inline.text ?? "";
          return link ? `[${text}](${String(link.attrs?.href)})` : text;
        })
        .join("");
    }
    if (block.type === "readCallout") return `READ #${String(block.attrs?.storyId)}`;
    if (block.type === "embed") return `EMBED ${String(block.attrs?.url)}`;
    return block.type;
  });
}

/** What the editor bundle hands scripts (src/newsroom/editor/client/editor.ts), as far as used here. */
interface EditorWindow {
  tribuneEditors: { isDirty(): boolean; body: { editor: { getJSON(): unknown } } }[];
}

type RoundKind = "click" | "triple-click" | "link-then-read" | "embed";
const KINDS: RoundKind[] = ["click", "triple-click", "click", "link-then-read", "embed"];

for (const database of testDatabases()) {
  describe(`the body editor's caret in Chromium on ${database.name}`, () => {
    let demo: DemoApp;
    let origin = "";

    before(async () => {
      demo = await startDemoApp(database);
      origin = await demo.app.listen({ host: "127.0.0.1", port: 0 });
    });
    after(() => demo.close());

    browserTest(
      `in ${ROUNDS} rounds of clicks, triple-clicks, links, READ callouts and embeds, fast and at human pace, every keystroke and every block lands where the caret is`,
      async () => {
        const editor = await createTestUser(demo.database.db, "editor", { name: "Cara Caret" });
        await withPage(async (page) => {
          page.setDefaultTimeout(8_000);
          const problems = watchConsole(page);
          await signInThroughForm(page, origin, editor, "/newsroom/articles/new");
          await page.locator('html[data-editors-ready="1"]').waitFor({ state: "attached" });
          const prose = page.locator(".ed-prose");
          await prose.waitFor();

          await page.getByLabel("Title").fill("Where the caret is");
          await prose.click();
          await page.keyboard.type(START_PARAGRAPHS.join("\n"));
          const model: BlockLine[] = [...START_PARAGRAPHS];
          assert.deepEqual(await editorLines(page), model);

          const failures: string[] = [];
          for (let round = 0; round < ROUNDS; round += 1) {
            const kind = KINDS[round % KINDS.length] as RoundKind;
            const pace = round % 2 === 0 ? 0 : 5 + (round % 3) * 5;
            // Every tenth round saves first: the first save turns the page into the article's.
            if (round % 10 === 9) await saveNow(page);
            let expected: BlockLine[];
            try {
              expected = await playRound(page, model, round, kind, pace);
            } catch (error) {
              await saveScreenshot(page, `${database.name}-editor-caret-round-${round}`);
              const why = error instanceof Error ? error.message.split("\n")[0] : String(error);
              throw new Error(
                `round ${round} (${kind}) broke off (${why}) after these misses: ${failures.join("; ") || "none"}`,
                { cause: error },
              );
            }
            const actual = await editorLines(page);
            if (JSON.stringify(actual) !== JSON.stringify(expected)) {
              failures.push(`round ${round} (${kind}, ${pace} ms): ${firstDifference(expected, actual)}`);
              // Carry on from what the editor holds, so that one miss does not fail every later round.
              model.splice(0, model.length, ...actual);
            } else {
              model.splice(0, model.length, ...expected);
            }
          }
          console.log(`caret rounds on ${database.name}: ${failures.length} of ${ROUNDS} failed`);
          assert.deepEqual(failures, [], `${failures.length} of ${ROUNDS} rounds failed`);

          // What is stored is what the editor shows.
          await saveNow(page);
          const articleId = Number(/articles\/(\d+)\/edit/.exec(page.url())?.[1]);
          const stored = await demo.database.db
            .selectFrom("articles")
            .select("body")
            .where("id", "=", articleId)
            .executeTakeFirstOrThrow();
          // (Saving drops the empty paragraphs at the end of the body.)
          const storedModel = [...model];
          while (storedModel.at(-1) === "") storedModel.pop();
          assert.deepEqual(blockLines(JSON.parse(stored.body) as JsonNode), storedModel);
          assert.deepEqual(problems, []);

          // From the top: the toolbar sticks to the top of the window, which a full-page shot shows
          // in the middle of the body when the page is scrolled.
          await page.evaluate(() => window.scrollTo(0, 0));
          await page.setViewportSize({ width: 390, height: 844 });
          await saveScreenshot(page, `${database.name}-editor-caret-phone`);
          await page.setViewportSize({ width: 1280, height: 900 });
          await page.evaluate(() => window.scrollTo(0, 0));
          await saveScreenshot(page, `${database.name}-editor-caret-desktop`);
        });
      },
      { timeout: 300_000 },
    );
  });
}

/** Plays one round on the page and returns the body it should leave (the model is not changed). */
async function playRound(
  page: Page,
  model: readonly BlockLine[],
  round: number,
  kind: RoundKind,
  pace: number,
): Promise<BlockLine[]> {
  const expected = [...model];
  const paragraphs = paragraphIndexes(model);
  // Every fourth round aims at the last paragraph; the others walk through the body.
  const pick = (salt: number) =>
    paragraphs[
      round % 4 === 0 && salt === 0 ? paragraphs.length - 1 : (round * 7 + salt * 3) % paragraphs.length
    ] as number;
  const pause = () => (pace > 0 ? page.waitForTimeout(pace) : Promise.resolve());

  if (kind === "click" || kind === "triple-click") {
    const target = pick(0);
    const marker = `m${String(round).padStart(2, "0")}x`;
    await paragraphAt(page, model, target).click({
      clickCount: kind === "triple-click" ? 3 : 1,
      delay: pace,
    });
    await pause();
    await page.keyboard.press("End", { delay: pace });
    await pause();
    await page.keyboard.press("Enter", { delay: pace });
    await pause();
    await page.keyboard.type(marker, { delay: pace });
    expected.splice(target + 1, 0, marker);
    return expected;
  }

  if (kind === "link-then-read") {
    const unlinked = paragraphs.filter((index) => /^[^[\s]/.test(model[index] as string));
    const linked = unlinked[round % unlinked.length] as number;
    const word = await doubleClickFirstWord(page, model, linked);
    await pause();
    await page.keyboard.press("Control+k");
    // "Edit link" when the editor wrongly thinks the caret is in a link: the round fails on the body.
    const linkDialog = page.getByRole("dialog", { name: /^(Add a|Edit) link$/ });
    await linkDialog.getByLabel("Address").fill(LINK_URL);
    await pause();
    await linkDialog.getByRole("button", { name: "Apply" }).click();
    await linkDialog.waitFor({ state: "detached" });
    await settled(page);
    expected[linked] = linkFirst(model[linked] as string, word);
    await pause();

    const target =
      paragraphs.find((index) => index !== linked && index >= pick(1)) ??
      paragraphs.find((index) => index !== linked);
    assert.ok(target !== undefined);
    await paragraphAt(page, model, target).click({ delay: pace });
    await pause();
    await page.keyboard.press("End", { delay: pace });
    await pause();
    await page.getByRole("button", { name: "Insert READ callout" }).click();
    const picker = page.getByRole("dialog", { name: "Insert a READ callout" });
    await picker.getByRole("combobox").fill("Muqtada");
    const option = picker.getByRole("option").first();
    await option.waitFor();
    const storyId = await option.getAttribute("data-story-id");
    await pause();
    await picker.getByRole("combobox").press("Enter");
    await picker.waitFor({ state: "detached" });
    await settled(page, model.length + 1);
    return withCard(expected, target, `READ #${storyId}`);
  }

  const target = pick(0);
  await paragraphAt(page, model, target).click({ delay: pace });
  await pause();
  await page.getByRole("button", { name: "Insert embed" }).click();
  const dialog = page.getByRole("dialog", { name: "Embed a post or video" });
  await dialog.getByLabel("Address of the post or video").fill(EMBED_URL);
  await pause();
  await dialog.getByRole("button", { name: "Insert" }).click();
  await dialog.waitFor({ state: "detached" });
  await settled(page, model.length + 1);
  return withCard(expected, target, `EMBED ${EMBED_URL}`);
}

/**
 * The body after a card was inserted with the caret at the end of paragraph `target`: the card comes
 * after it (in its place when it is empty), and the caret goes into the paragraph after the card, a new
 * empty one when a card or the end of the body follows.
 */
function withCard(model: BlockLine[], target: number, card: BlockLine): BlockLine[] {
  const at = model[target] === "" ? target : target + 1;
  model.splice(at, model[target] === "" ? 1 : 0, card);
  const next = model[at + 1];
  if (next === undefined || isCard(next)) model.splice(at + 1, 0, "");
  return model;
}

function isCard(line: BlockLine): boolean {
  return line.startsWith("READ #") || line.startsWith("EMBED ");
}

/** Where the paragraphs are among the blocks. */
function paragraphIndexes(model: readonly BlockLine[]): number[] {
  return model.flatMap((line, index) =>
    line.startsWith("READ #") || line.startsWith("EMBED ") ? [] : [index],
  );
}

/** The body's top-level element for block `index` of the model. */
function paragraphAt(page: Page, model: readonly BlockLine[], index: number) {
  assert.ok(paragraphIndexes(model).includes(index), `block ${index} is not a paragraph`);
  return page.locator(".ed-prose > *").nth(index);
}

/** Double-clicks the first word of block `index` (as a writer selects a word) and returns it. */
async function doubleClickFirstWord(page: Page, model: readonly BlockLine[], index: number): Promise<string> {
  const block = page.locator(".ed-prose > *").nth(index);
  await block.scrollIntoViewIfNeeded();
  const box = await block.evaluate((element) => {
    const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
    const text = walker.nextNode() as Text | null;
    if (!text) throw new Error("an empty paragraph");
    const word = /^\S+/.exec(text.data)?.[0] ?? "";
    const range = document.createRange();
    range.setStart(text, 0);
    range.setEnd(text, Math.max(1, Math.floor(word.length / 2)));
    const rect = range.getBoundingClientRect();
    const outer = element.getBoundingClientRect();
    return { x: rect.right - outer.left, y: rect.top - outer.top + rect.height / 2, word };
  });
  await block.dblclick({ position: { x: box.x, y: box.y } });
  assert.equal(box.word, /^\S+/.exec(model[index] as string)?.[0]);
  return box.word;
}

/** A paragraph's line with its first word linked (a word already linked keeps its link). */
function linkFirst(line: string, word: string): string {
  return `[${word}](${LINK_URL})${line.slice(word.length)}`;
}

async function editorLines(page: Page): Promise<BlockLine[]> {
  const doc = await page.evaluate(() =>
    (window as unknown as EditorWindow).tribuneEditors[0]?.body.editor.getJSON(),
  );
  return blockLines(doc as JsonNode);
}

/**
 * Waits for the dialog's work to reach the body: a closed dialog answers on its "close" event, a task
 * after it stops showing. With `blocks`, until the body has that many blocks (or half a second went).
 */
async function settled(page: Page, blocks?: number): Promise<void> {
  await page
    .waitForFunction(
      (count) => count === null || document.querySelectorAll(".ed-prose > *").length === count,
      blocks ?? null,
      { timeout: 500 },
    )
    .catch(() => undefined);
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0))));
}

async function saveNow(page: Page): Promise<void> {
  await page.locator("[data-save-button]").click();
  await page.waitForFunction(
    () =>
      !(window as unknown as EditorWindow).tribuneEditors[0]?.isDirty() &&
      /^Saved at/.test(document.querySelector("[data-save-status]")?.textContent ?? ""),
    undefined,
    { timeout: 15_000 },
  );
}

function firstDifference(expected: readonly BlockLine[], actual: readonly BlockLine[]): string {
  for (let i = 0; i < Math.max(expected.length, actual.length); i += 1) {
    if (expected[i] !== actual[i])
      return `block ${i}: expected ${JSON.stringify(expected[i])}, found ${JSON.stringify(actual[i])} (expected ${expected.length} blocks, found ${actual.length})`;
  }
  return "same";
}
