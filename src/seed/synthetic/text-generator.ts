import type { BlockNode, BodyDocument } from "../../shared/body/body-document.ts";
import { GENERIC, type PlanBlock } from "./body-plan.ts";
import { type Lang, NOUN_FORMS, nounForm } from "./noun-phrase.ts";
import type { StoryPlan, StorySlots } from "./story-plan.ts";
import type { LanguageBank, Voice } from "./text-bank.ts";
import { EN } from "./text-en.ts";
import { ES } from "./text-es.ts";
import { PT } from "./text-pt.ts";

export const BANKS: Record<Lang, LanguageBank> = { en: EN, pt: PT, es: ES };

const compiled = new Map<string, string[]>();

/** Splits a template once into literal text (even indexes) and slot names (odd indexes). */
function compile(template: string): string[] {
  let parts = compiled.get(template);
  if (!parts) {
    parts = template.split(/\{([a-z0-9:]+)\}/);
    compiled.set(template, parts);
  }
  return parts;
}

/** Every slot a template uses, as written (`of:c`, `year`, …). */
export function slotsOf(template: string): string[] {
  return compile(template).filter((_, i) => i % 2 === 1);
}

const valueCache = new WeakMap<StorySlots, Partial<Record<Lang, Record<string, string>>>>();

/** The text of every slot of a story in one language (computed once per story and language). */
export function slotValues(slots: StorySlots, lang: Lang): Record<string, string> {
  let byLang = valueCache.get(slots);
  if (!byLang) {
    byLang = {};
    valueCache.set(slots, byLang);
  }
  byLang[lang] ??= computeSlotValues(slots, lang);
  return byLang[lang];
}

function computeSlotValues(slots: StorySlots, lang: Lang): Record<string, string> {
  const bank = BANKS[lang];
  const { country, country2, official, witness, analyst } = slots;
  const role = bank.roles[slots.role]?.[official.female ? 1 : 0] ?? "";
  const phrases: Record<string, string> = {
    c: country.names[lang],
    c2: country2.names[lang],
    city: country.capital[lang],
    city2: country2.capital[lang],
    org: bank.orgs[slots.org] ?? "",
    role,
  };
  const values: Record<string, string> = {};
  for (const [name, phrase] of Object.entries(phrases)) {
    for (const form of NOUN_FORMS)
      values[form === "base" ? name : `${form}:${name}`] = nounForm(phrase, lang, form);
  }
  const f = (female: boolean) => (female ? 1 : 0);
  values.official = `${official.name}, ${nounForm(role, lang, "bare")} ${values["of:c"]}`;
  values.witness = `${witness.name}, ${bank.resident[f(witness.female)]} ${values["of:city"]}`;
  values.analyst = `${analyst.name}, ${bank.analyst[f(analyst.female)]} ${values["in:city"]}`;
  values.day = bank.days[slots.weekday] ?? "";
  values.few = bank.formatNumber(slots.few);
  values.n = bank.formatNumber(slots.n);
  values.big = bank.formatNumber(slots.big);
  values.pct = bank.formatNumber(slots.pct);
  values.share = bank.formatNumber(slots.share);
  values.money = bank.formatMoney(slots.money);
  values.year = String(slots.year);
  return values;
}

/** Fills a template, capitalizes its first letter and applies the language's euphony rules. */
export function fill(template: string, values: Record<string, string>, lang: Lang): string {
  const parts = compile(template);
  let text = "";
  for (let i = 0; i < parts.length; i++) {
    if (i % 2 === 0) text += parts[i];
    else {
      const value = values[parts[i] as string];
      if (value === undefined) throw new Error(`Template slot {${parts[i]}} has no value: "${template}"`);
      text += value;
    }
  }
  // Spanish writes "e" for "y" before an /i/ sound: "Turquía e Irán".
  if (lang === "es") text = text.replace(/ y (?=[IiÍí]|[Hh][IiÍí](?![aeoáéó]))/g, " e ");
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export function wordCount(text: string): number {
  return text.split(/\s+/).length;
}

/** Titles run 8–16 words in every language the story is written in. */
export function titleFits(plan: StoryPlan, template: number, langs: readonly Lang[]): boolean {
  for (const lang of langs) {
    const words = wordCount(
      fill(BANKS[lang].events[plan.event].titles[template] ?? "", slotValues(plan.slots, lang), lang),
    );
    if (words < 8 || words > 16) return false;
  }
  return true;
}

/** Writes one story in one language: titles, summary and bodies of any revision. */
export class StoryWriter {
  readonly lang: Lang;
  private readonly plan: StoryPlan;
  private readonly bank: LanguageBank;
  private readonly values: Record<string, string>;

  constructor(plan: StoryPlan, lang: Lang) {
    this.plan = plan;
    this.lang = lang;
    this.bank = BANKS[lang];
    this.values = slotValues(plan.slots, lang);
  }

  title(template: number): string {
    return fill(this.bank.events[this.plan.event].titles[template] ?? "", this.values, this.lang);
  }

  summary(): string {
    const summaries = this.bank.events[this.plan.event].summaries;
    return this.plan.summary.map((s) => fill(summaries[s] ?? "", this.values, this.lang)).join(" ");
  }

  /** The body's first `count` blocks; READ callouts whose story has no id are left out. */
  body(count: number, storyIds: (index: number) => number | undefined): BodyDocument {
    const content: BlockNode[] = [];
    for (const block of this.plan.blocks.slice(0, count)) {
      const node = this.block(block, storyIds);
      if (node) content.push(node);
    }
    return { type: "doc", content };
  }

  private block(block: PlanBlock, storyIds: (index: number) => number | undefined): BlockNode | null {
    switch (block.kind) {
      case "paragraph":
        return paragraph(block.sentences.map((s) => this.sentence(s)).join(" "));
      case "heading":
        return {
          type: "heading",
          attrs: { level: 2 },
          content: [text(this.bank.headings[block.heading] ?? "")],
        };
      case "quote": {
        const values = { ...this.values, q: this.quote(block.quote), who: this.who(block.voice) };
        if (block.form === null) {
          const quoted = fill(this.bank.blockquote, values, this.lang);
          return { type: "blockquote", content: [paragraph(quoted), paragraph(`— ${values.who}`)] };
        }
        return paragraph(fill(this.bank.quoteForms[block.form] ?? "", values, this.lang));
      }
      case "read": {
        const storyId = storyIds(block.target);
        return storyId === undefined ? null : { type: "readCallout", attrs: { storyId } };
      }
    }
  }

  private sentence(ref: number): string {
    const template =
      ref < GENERIC ? this.bank.events[this.plan.event].sentences[ref] : this.bank.sentences[ref - GENERIC];
    return fill(template ?? "", this.values, this.lang);
  }

  private quote(ref: number): string {
    const quote =
      ref < GENERIC ? this.bank.events[this.plan.event].quotes[ref] : this.bank.quotes[ref - GENERIC];
    return fill(quote ?? "", this.values, this.lang);
  }

  private who(voice: Voice): string {
    return this.values[voice] ?? "";
  }
}

function text(value: string) {
  return { type: "text" as const, text: value };
}

function paragraph(value: string): BlockNode {
  return { type: "paragraph", content: [text(value)] };
}
