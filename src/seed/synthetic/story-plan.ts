import { type PlanBlock, planBody } from "./body-plan.ts";
import { OUTLINES } from "./event-outlines.ts";
import type { Lang } from "./noun-phrase.ts";
import { AUTHORS, drawPerson, type Person, SOURCES } from "./people.ts";
import { mixSeed, Random } from "./random.ts";
import { isDraftStory, storyTime } from "./story-time.ts";
import { COUNTRIES, type Country, SECTIONS, TOPICS } from "./taxonomy.ts";
import { EVENT_KINDS, EVENTS, type EventKind, GENERIC_QUOTE_VOICES, type Voice } from "./text-bank.ts";
import { EN } from "./text-en.ts";

const MINUTE = 60_000;

export interface PlanContext {
  seed: number;
  count: number;
  until: number;
  editions: readonly Lang[];
  /** Whether a title template, filled in for this story, reads well in every language it is written in. */
  titleFits(plan: StoryPlan, template: number, langs: readonly Lang[]): boolean;
}

/** What a story says, independent of language: every edition renders the same plan. */
export interface StorySlots {
  country: Country;
  country2: Country;
  org: number;
  role: number;
  official: Person;
  witness: Person;
  analyst: Person;
  few: number;
  n: number;
  big: number;
  pct: number;
  /** A second percentage, for background sentences. */
  share: number;
  money: number;
  year: number;
  weekday: number;
}

export interface RevisionPlan {
  /** The original's revision (0-based) whose title and summary this one renders. */
  source: number;
  /** How many of the story's body blocks it holds (a translation may be saved unfinished). */
  blocks: number;
  at: number;
}

export interface ArticlePlan {
  edition: Lang;
  original: boolean;
  draft: boolean;
  author: number;
  revisions: RevisionPlan[];
  publishedAt: number | null;
}

export interface StoryPlan {
  index: number;
  event: EventKind;
  slots: StorySlots;
  tags: string[];
  source: number | null;
  /** Title template of each revision of the original. */
  titles: number[];
  summary: number[];
  blocks: PlanBlock[];
  articles: ArticlePlan[];
  createdAt: number;
  /** The story's place in time: no article of it is published or saved after this. */
  latest: number;
}

const MONEY = [150, 250, 400, 600, 800, 1200, 1500, 2000, 3000, 5000, 8000, 12000, 20000];
const eventWeights = EVENT_KINDS.map((kind) => EVENTS[kind].weight);
const countryWeights = COUNTRIES.map((c) => c.weight);
const sectionWeights = SECTIONS.map((s) => s.weight);

/** Everything about story `index` of a seed, drawn from a random stream of its own. */
export function planStory(context: PlanContext, index: number): StoryPlan {
  const random = new Random(mixSeed(context.seed, index));
  const event = EVENT_KINDS[random.weightedIndex(eventWeights)] as EventKind;
  const country = COUNTRIES[random.weightedIndex(countryWeights)] as Country;
  const neighbours = COUNTRIES.filter((c) => c.region === country.region && c !== country);
  const others = COUNTRIES.filter((c) => c !== country);
  const country2 =
    neighbours.length > 0 && random.chance(event === "conflict" ? 1 : 0.6)
      ? random.pick(neighbours)
      : (others[random.weightedIndex(others.map((c) => c.weight))] as Country);
  const meta = EVENTS[event];
  const latest = storyTime(context.seed, context.count, context.until, index);
  const draft = isDraftStory(context.seed, index);

  const original = pickOriginal(random, context.editions);
  const translations = draft ? [] : pickTranslations(random, context.editions, original);
  const revisionCount = random.weightedIndex([55, 35, 10]) + 1;
  const lag = translations.length > 0 || revisionCount > 1 ? random.int(30, 300) * MINUTE : 0;
  const published = latest - lag;

  const slots: StorySlots = {
    country,
    country2,
    org: random.pick(meta.orgs),
    role: random.pick(meta.roles),
    official: drawPerson(random, country.culture),
    witness: drawPerson(random, country.culture),
    analyst: drawPerson(random, country.culture),
    few: random.int(2, 12),
    n: random.int(12, 95),
    big: random.int(12, 950) * 100,
    pct: random.int(3, 68),
    share: random.int(8, 45),
    money: random.pick(MONEY),
    year: new Date(published).getUTCFullYear() - random.int(2, 12),
    weekday: new Date(published).getUTCDay(),
  };

  const section = SECTIONS[random.weightedIndex(sectionWeights)]?.key ?? "news";
  const topics = TOPICS.filter((t) => t.event === event);
  const topic = random.chance(0.55) ? random.pick(topics).key : null;
  const plan: StoryPlan = {
    index,
    event,
    slots,
    tags: [],
    source: random.chance(0.65) ? random.int(0, SOURCES.length - 1) : null,
    titles: [],
    summary: [],
    blocks: [],
    articles: [],
    createdAt: 0,
    latest,
  };

  const langs = [original, ...translations];
  const title = pickTitle(random, context, plan, langs, -1);
  const firstTitle =
    revisionCount > 1 && random.chance(0.3) ? pickTitle(random, context, plan, langs, title) : title;
  plan.titles = Array.from({ length: revisionCount }, (_, i) => (i === 0 ? firstTitle : title));

  const outline = OUTLINES[event][title] ?? { sentences: [0], summaries: [0], quotes: [] };
  const summaries = random.shuffle(outline.summaries);
  plan.summary = summaries.length > 1 && random.chance(0.6) ? summaries.slice(0, 1) : summaries;
  const quoteVoices: Voice[] = [...meta.quoteVoices, ...GENERIC_QUOTE_VOICES];
  const body = planBody(random, {
    seed: context.seed,
    index,
    outline,
    quoteVoices,
    revisions: revisionCount,
  });
  plan.blocks = body.blocks;
  const cuts = body.paragraphCuts.map((p) => body.ends[p - 1] as number);

  const mentionsCountry2 = plan.titles.some((t) =>
    /\{(?:\w+:)?(?:c2|city2)\}/.test(EN.events[event].titles[t] ?? ""),
  );
  plan.tags = storyTags(country, country2, mentionsCountry2 || random.chance(0.35), topic, section);

  // Revisions of the original: the first drafted before publication, updates spread over the lag.
  const revisionTimes = cuts.map((_, k) =>
    k === 0 ? published - random.int(15, 120) * MINUTE : published + Math.floor((lag * k) / revisionCount),
  );
  plan.createdAt = revisionTimes[0] as number;
  const author = random.int(0, AUTHORS.length - 1);
  plan.articles.push({
    edition: original,
    original: true,
    draft,
    author,
    revisions: revisionTimes.map((at, k) => ({ source: k, blocks: cuts[k] as number, at })),
    publishedAt: draft ? null : published,
  });
  for (const edition of translations) {
    const outdated = revisionCount > 1 && random.chance(0.22);
    const base = outdated ? random.int(0, revisionCount - 2) : revisionCount - 1;
    const low = Math.max(revisionTimes[base] as number, published) + MINUTE;
    const high = base < revisionCount - 1 ? (revisionTimes[base + 1] as number) : latest;
    const at = Math.floor(low + (high - low) * (0.2 + 0.8 * random.next()));
    const revisions: RevisionPlan[] = [{ source: base, blocks: cuts[base] as number, at }];
    if (random.chance(0.05)) {
      // Saved once before the last paragraph was translated.
      const unfinished = body.ends[(body.paragraphCuts[base] as number) - 2] as number;
      revisions.unshift({
        source: base,
        blocks: unfinished,
        at: Math.max(low, at - random.int(3, 20) * MINUTE),
      });
    }
    const translationDraft = random.chance(0.03);
    let translator = random.int(0, AUTHORS.length - 2);
    if (translator >= author) translator++;
    plan.articles.push({
      edition,
      original: false,
      draft: translationDraft,
      author: translator,
      revisions,
      publishedAt: translationDraft ? null : at,
    });
  }
  return plan;
}

function pickOriginal(random: Random, editions: readonly Lang[]): Lang {
  if (editions.includes("en") && random.chance(0.7)) return "en";
  const rest = editions.length > 1 && editions.includes("en") ? editions.filter((e) => e !== "en") : editions;
  return random.pick(rest);
}

/** ~60% of stories in every edition, ~25% missing one, ~15% in their original language only. */
function pickTranslations(random: Random, editions: readonly Lang[], original: Lang): Lang[] {
  const others = editions.filter((e) => e !== original);
  const roll = random.next();
  if (roll < 0.6) return others;
  if (roll < 0.85 && others.length > 1) {
    const missing = random.int(0, others.length - 1);
    return others.filter((_, i) => i !== missing);
  }
  return [];
}

/** A title template (other than `not`) that fits every language, trying them all from a random one. */
function pickTitle(
  random: Random,
  context: PlanContext,
  plan: StoryPlan,
  langs: Lang[],
  not: number,
): number {
  const count = EN.events[plan.event].titles.length;
  const start = random.int(0, count - 1);
  for (let k = 0; k < count; k++) {
    const template = (start + k) % count;
    if (template !== not && context.titleFits(plan, template, langs)) return template;
  }
  return start === not ? (start + 1) % count : start;
}

/** One or two countries with their regions, maybe a topic, and a section: two to five tags. */
function storyTags(
  country: Country,
  country2: Country,
  both: boolean,
  topic: string | null,
  section: string,
) {
  const tags = [country.key];
  if (both) tags.push(country2.key);
  for (const region of [country.region, both ? country2.region : country.region]) {
    if (!tags.includes(region)) tags.push(region);
  }
  if (topic && tags.length < 4) tags.push(topic);
  tags.push(section);
  return tags;
}
