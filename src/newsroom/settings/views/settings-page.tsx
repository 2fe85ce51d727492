import type {
  EditionSettingsForm,
  EffectiveSettings,
  GeneralSettingsForm,
  SavedSettings,
} from "../../../settings/site-settings.ts";
import {
  COMMON_TIME_ZONES,
  DISPLAY_NAME_MAX,
  MENU_SECTIONS_MAX,
  SITE_NAME_MAX,
} from "../../../settings/site-settings.ts";
import { CsrfInput, FormError, Notice } from "../../views/form-parts.tsx";

/** A picture the logo may be: the library's newest, and the logo in effect. */
export interface LogoChoice {
  id: number;
  thumbUrl: string;
  name: string;
}

/** A form sent back refused: which one, what was typed, and why. */
export type RefusedForm =
  | { target: "site"; form: GeneralSettingsForm; message: string }
  | { target: "edition"; edition: string; form: EditionSettingsForm; message: string };

export interface SettingsPageProps {
  settings: EffectiveSettings;
  logoChoices: readonly LogoChoice[];
  regions: readonly { key: string; name: string }[];
  sections: readonly { key: string; name: string }[];
  csrf: string;
  notice?: string | null | undefined;
  refused?: RefusedForm | undefined;
}

/** The form's values: what was refused and typed, else what is saved (empty where the default applies). */
function generalValues(props: SettingsPageProps, saved: { siteName: string | null }): GeneralSettingsForm {
  if (props.refused?.target === "site") return props.refused.form;
  const logo = props.settings.general.logoMediaId;
  return { siteName: saved.siteName ?? "", logo: logo === null ? "" : String(logo) };
}

/** /newsroom/settings: the site's name and logo, and each edition's name, time zone and regions. */
export function SettingsPage(props: SettingsPageProps & { saved: SavedSettings }) {
  const { settings, refused } = props;
  const general = generalValues(props, props.saved.site);
  return (
    <>
      <h1>Settings</h1>
      <p class="hint">
        A field left empty uses the server's configuration (its environment), shown as “default”. Changes show
        on every reader page at once, on every server.
      </p>
      {props.notice ? <Notice>{props.notice}</Notice> : null}
      <section class="settings-section" id="general" aria-labelledby="general-title">
        <h2 id="general-title">General</h2>
        <form method="post" action="/newsroom/settings/site" class="stack">
          <CsrfInput token={props.csrf} />
          <FormError message={refused?.target === "site" ? refused.message : null} />
          <label>
            Site name
            <input
              type="text"
              name="siteName"
              value={general.siteName}
              maxLength={SITE_NAME_MAX}
              placeholder={settings.defaults.siteName}
              aria-describedby="siteName-hint"
            />
            <span class="hint" id="siteName-hint">
              Default: {settings.defaults.siteName} (SITE_NAME)
            </span>
          </label>
          <fieldset class="logo-choices">
            <legend>Logo in the reader header</legend>
            <p class="hint">
              The site's name is its text for screen readers. Upload pictures in the{" "}
              <a href="/newsroom/media">media library</a>; the newest are offered here.
            </p>
            <label class="logo-choice">
              <input type="radio" name="logo" value="" checked={general.logo === ""} />
              <span class="logo-none">No logo: the name as text</span>
            </label>
            {props.logoChoices.map((choice) => (
              <label class="logo-choice" key={choice.id}>
                <input
                  type="radio"
                  name="logo"
                  value={String(choice.id)}
                  checked={general.logo === String(choice.id)}
                />
                <img src={choice.thumbUrl} alt={choice.name} loading="lazy" />
              </label>
            ))}
          </fieldset>
          <div>
            <button type="submit">Save general settings</button>
          </div>
        </form>
      </section>
      {settings.editions.map((edition) => (
        <EditionSection key={edition.code} {...props} code={edition.code} />
      ))}
      <datalist id="time-zones">
        {COMMON_TIME_ZONES.map((zone) => (
          <option key={zone} value={zone} />
        ))}
      </datalist>
    </>
  );
}

function EditionSection(props: SettingsPageProps & { saved: SavedSettings; code: string }) {
  const { code, refused, settings } = props;
  const defaults = settings.defaults.editions.find((e) => e.code === code);
  const inEffect = settings.editions.find((e) => e.code === code);
  const mine = refused?.target === "edition" && refused.edition === code ? refused : undefined;
  const form = mine?.form ??
    props.saved.editions[code] ?? { displayName: "", timeZone: "", featuredRegions: "", menuSections: "" };
  const id = (field: string) => `${code}-${field}`;
  const upper = code.toUpperCase();
  return (
    <section class="settings-section" id={`edition-${code}`} aria-labelledby={id("title")}>
      <h2 id={id("title")}>{upper} edition</h2>
      <form method="post" action={`/newsroom/settings/editions/${code}`} class="stack">
        <CsrfInput token={props.csrf} />
        <FormError message={mine?.message} />
        <label>
          Display name
          <input
            type="text"
            name="displayName"
            value={form.displayName}
            maxLength={DISPLAY_NAME_MAX}
            placeholder={settings.general.siteName}
            aria-describedby={id("displayName-hint")}
          />
          <span class="hint" id={id("displayName-hint")}>
            The publication's name on the {upper} pages. Default: the site's name.
          </span>
        </label>
        <label>
          Time zone
          <input
            type="text"
            name="timeZone"
            value={form.timeZone}
            list="time-zones"
            autocomplete="off"
            placeholder={defaults?.timeZone}
            aria-describedby={id("timeZone-hint")}
          />
          <span class="hint" id={id("timeZone-hint")}>
            An IANA zone such as Europe/Lisbon: dates on the {upper} pages and scheduling times. In effect:{" "}
            {inEffect?.timeZone}. Default: {defaults?.timeZone} (EDITION_{upper}_TIME_ZONE).
          </span>
        </label>
        <label>
          Featured regions
          <input
            type="text"
            name="featuredRegions"
            value={form.featuredRegions}
            placeholder={defaults?.featuredRegions.join(", ") || "every region"}
            aria-describedby={id("featuredRegions-hint")}
          />
          <span class="hint" id={id("featuredRegions-hint")}>
            Region tag keys, comma-separated, in the order the {upper} front page shows their blocks. Default:{" "}
            {defaults?.featuredRegions.join(", ") || "every region"}. Region tags: {tagList(props.regions)}.
          </span>
        </label>
        <label>
          Menu sections
          <input
            type="text"
            name="menuSections"
            value={form.menuSections}
            placeholder="default"
            aria-describedby={id("menuSections-hint")}
          />
          <span class="hint" id={id("menuSections-hint")}>
            Section and region tag keys, comma-separated, in the order the menu in the header of every {upper}{" "}
            page lists them (at most {MENU_SECTIONS_MAX}). Default: the sections with the most published
            stories, then the featured regions (or the busiest regions). Sections: {tagList(props.sections)}.
            Regions: {tagList(props.regions)}.
          </span>
        </label>
        <p class="hint">
          Comments:{" "}
          <a href={`/newsroom/comments/${code}#policy-title`}>the {upper} edition's comment policy</a> is set
          on its moderation page.
        </p>
        <div>
          <button type="submit">Save the {upper} edition</button>
        </div>
      </form>
    </section>
  );
}

function tagList(tags: readonly { key: string; name: string }[]): string {
  return tags.map((tag) => `${tag.key} (${tag.name})`).join(", ") || "none yet";
}
