import type { Catalogue } from "../../shared/i18n/catalogue.ts";

/**
 * Plain share links: nothing is loaded from the networks until a reader chooses one, so the page
 * stays free of third-party resources and trackers.
 */
export function ShareLinks({ url, title, messages }: { url: string; title: string; messages: Catalogue }) {
  const u = encodeURIComponent(url);
  const t = encodeURIComponent(title);
  const links = [
    { name: "X", href: `https://x.com/intent/post?url=${u}&text=${t}` },
    { name: "Facebook", href: `https://www.facebook.com/sharer/sharer.php?u=${u}` },
    { name: "WhatsApp", href: `https://wa.me/?text=${t}%20${u}` },
    { name: "Telegram", href: `https://t.me/share/url?url=${u}&text=${t}` },
    { name: "LinkedIn", href: `https://www.linkedin.com/sharing/share-offsite/?url=${u}` },
    { name: messages.shareByEmail, href: `mailto:?subject=${t}&body=${u}` },
  ];
  return (
    <nav class="share" aria-label={messages.share}>
      <span class="share-label">{messages.share}:</span>
      <ul>
        {links.map((link) => (
          <li key={link.name}>
            <a href={link.href} rel="noopener noreferrer nofollow">
              {link.name}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
