import type { AuthorLink } from "../../authors/author-profile.ts";
import type { PictureData } from "../../media/picture.ts";
import { Picture } from "../../media/views/picture.tsx";

export interface AuthorProfileData {
  name: string;
  photo: PictureData | null;
  /** `lang` is set when the bio was written for another edition than the page's. */
  bio: { text: string; lang: string | null } | null;
  links: AuthorLink[];
}

/** The head of an author's archive: photo, name, bio and links. */
export function AuthorProfile({ profile }: { profile: AuthorProfileData }) {
  return (
    <header class="author-profile">
      {profile.photo ? (
        <div class="author-photo">
          <Picture picture={{ ...profile.photo, alt: "" }} sizes="6rem" eager />
        </div>
      ) : null}
      <div>
        <h1>{profile.name}</h1>
        {profile.bio ? (
          <p class="author-bio" lang={profile.bio.lang ?? undefined}>
            {profile.bio.text}
          </p>
        ) : null}
        {profile.links.length > 0 ? (
          <ul class="author-links">
            {profile.links.map((link) => (
              <li key={link.url}>
                <a href={link.url} rel="me noopener">
                  {link.label}
                </a>
              </li>
            ))}
          </ul>
        ) : null}
      </div>
    </header>
  );
}
