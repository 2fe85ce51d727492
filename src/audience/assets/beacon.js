// The page's view, counted without a cookie: once the page is visible (not while prerendered or
// prefetched in the background), one POST with the article, its edition, the kind of referrer and
// the promotions shown. The referring address itself never leaves the page: only its kind does.
(() => {
  const script = document.currentScript;
  if (!script || !navigator.sendBeacon) return;
  const { article, edition } = script.dataset;
  const SEARCH =
    /(^|\.)(google|bing|duckduckgo|yahoo|yandex|baidu|ecosia|qwant|startpage|search\.brave|naver|seznam)\./;
  const SOCIAL =
    /(^|\.)(facebook|fb|instagram|t\.co|twitter|x\.com|linkedin|lnkd\.in|reddit|threads\.net|bsky\.app|mastodon|tiktok|youtube|pinterest|whatsapp|telegram|news\.ycombinator)(\.|$)/;

  function referrerKind() {
    const params = new URLSearchParams(location.search);
    if (params.get("utm_medium") === "email" || params.has("nl")) return "newsletter";
    if (!document.referrer) return "direct";
    let from;
    try {
      from = new URL(document.referrer);
    } catch {
      return "other";
    }
    if (from.host === location.host) return "internal";
    const host = from.hostname.replace(/^www\./, "");
    if (SEARCH.test(`${host}.`)) return "search";
    if (SOCIAL.test(host)) return "social";
    return "other";
  }

  function send() {
    const query = new URLSearchParams({ a: article, e: edition, r: referrerKind() });
    const promotions = [...document.querySelectorAll("[data-promotion]")].map((box) => box.dataset.promotion);
    if (promotions.length > 0) query.set("p", promotions.slice(0, 10).join(","));
    navigator.sendBeacon(`/beacon?${query}`);
  }

  let sent = false;
  function sendOnceVisible() {
    if (sent || document.prerendering || document.visibilityState !== "visible") return;
    sent = true;
    send();
  }
  document.addEventListener("visibilitychange", sendOnceVisible);
  document.addEventListener("prerenderingchange", sendOnceVisible);
  sendOnceVisible();
})();
