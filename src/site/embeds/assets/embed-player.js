// Embeds, on a reader's request. An embed card is a link to the original post or video with a local
// thumbnail: until it is clicked, nothing is asked of the provider. A click asks this site for the
// provider's player (the page does not name it) and puts it in the card's place; a failure leaves
// the link to follow, as without this script.
(() => {
  const ALLOW =
    "accelerometer; autoplay; clipboard-write; encrypted-media; gyroscope; picture-in-picture; fullscreen";

  document.addEventListener("click", async (event) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const link = event.target instanceof Element ? event.target.closest("a[data-embed]") : null;
    if (!link || link.dataset.loading) return;
    event.preventDefault();
    link.dataset.loading = "1";
    try {
      const answer = await fetch(`/embed-player?url=${encodeURIComponent(link.href)}`);
      if (!answer.ok) throw new Error(String(answer.status));
      const player = await answer.json();
      const frame = document.createElement("iframe");
      frame.src = player.src;
      frame.title = player.title;
      frame.allow = ALLOW;
      frame.allowFullscreen = true;
      frame.referrerPolicy = "strict-origin-when-cross-origin";
      frame.className = `embed-frame embed-${link.dataset.embed}`;
      link.replaceWith(frame);
      frame.focus();
    } catch {
      window.location.assign(link.href);
    }
  });
})();
