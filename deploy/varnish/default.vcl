vcl 4.1;

# Varnish in front of Tribune, purged by surrogate keys.
#
#   apt-get install varnish varnish-modules        (Debian: Varnish 7 and vmod_xkey)
#   varnishd -a :80 -f /etc/varnish/default.vcl -s malloc,1G
#   VARNISH_URLS=http://127.0.0.1:80 tribune serve
#
# Tribune answers every cacheable response with `Cache-Control: public, max-age=60, s-maxage=300,
# stale-while-revalidate=30` (Varnish keeps it s-maxage, then serves it stale while refetching)
# and an `xkey` header naming what the response shows (`article:12 story:7 tag:3:en front:en`,
# see src/cache/surrogate-keys.ts). On every content change Tribune sends each instance in
# VARNISH_URLS `PURGE /` with the keys in an `xkey-purge` header; this VCL drops the objects
# carrying any of them (xkey.purge), or marks them stale with `xkey-softpurge` instead.

import std;
import xkey;

# The Tribune instance. Backends are fixed when the VCL is compiled: deploy scripts (and
# src/cache/varnish.test.ts) rewrite the .host and .port lines below.
backend tribune {
  .host = "127.0.0.1";
  .port = "3000";
  .connect_timeout = 2s;
  .first_byte_timeout = 30s;
  .between_bytes_timeout = 10s;
  .probe = {
    .url = "/healthz";
    .interval = 5s;
    .timeout = 2s;
    .window = 5;
    .threshold = 3;
    .initial = 3;
  }
}

# Who may purge: Tribune's hosts. Add the app servers' addresses when Varnish runs elsewhere.
acl purgers {
  "127.0.0.1";
  "::1";
}

sub vcl_recv {
  if (req.method == "PURGE") {
    if (client.ip !~ purgers) {
      return (synth(403, "Forbidden"));
    }
    if (req.http.xkey-purge) {
      set req.http.n-gone = xkey.purge(req.http.xkey-purge);
    } elsif (req.http.xkey-softpurge) {
      set req.http.n-gone = xkey.softpurge(req.http.xkey-softpurge);
    } elsif (req.http.xkey) {
      set req.http.n-gone = xkey.purge(req.http.xkey);
    } else {
      return (synth(400, "Name the surrogate keys to purge in an xkey-purge header"));
    }
    return (synth(200, "Purged " + req.http.n-gone + " objects"));
  }

  if (req.method != "GET" && req.method != "HEAD") {
    # Forms (comments, the newsroom) go to Tribune as they are.
    return (pass);
  }
  # Live pages' event streams (server-sent events) go straight through, never waiting behind one
  # another for a cache object; Varnish streams a passed answer as it comes (no buffering). A
  # stream lasts: it is not cut after send_timeout (its heartbeat every ~20 s keeps it busy).
  if (req.url ~ "^/live/[0-9]+/events(\?|$)") {
    set sess.send_timeout = 24h;
    return (pass);
  }
  # The newsroom, signed-in editors and API clients with credentials: never from the cache.
  if (req.url ~ "^/newsroom(/|\?|$)" || req.url ~ "^/api/") {
    return (pass);
  }
  if (req.http.Authorization || req.http.Cookie ~ "(^|;)\s*tribune_session=") {
    return (pass);
  }
  # A verified reader's own view of the comments (sign-in, "signed in as", the thread), in any
  # edition: their cookie goes through. Without it, comment counts and threads are cached as pages.
  if (req.url ~ "/comments(/|\?|$)" && req.http.Cookie ~ "(^|;)\s*tribune_reader=") {
    return (pass);
  }
  # Reader pages are the same for everyone: cookies would only split the cache.
  unset req.http.Cookie;

  # Brotli for clients that take it, as its own object; everything else is left to Varnish's gzip
  # support (it asks Tribune for gzip, keeps one copy, and unzips for the rare client without it).
  if (req.http.Accept-Encoding ~ "(^|,)\s*br\s*(,|;\s*q=(1|0?\.\d*[1-9])|$)") {
    set req.http.X-Tribune-Brotli = "1";
  } else {
    unset req.http.X-Tribune-Brotli;
  }
  return (hash);
}

sub vcl_hash {
  hash_data(req.url);
  if (req.http.host) {
    hash_data(std.tolower(req.http.host));
  } else {
    hash_data(server.ip);
  }
  if (req.http.X-Tribune-Brotli) {
    hash_data("br");
  }
  return (lookup);
}

sub vcl_backend_fetch {
  # An event stream sends a heartbeat comment every ~20 s: longer than the backend's 10 s.
  if (bereq.url ~ "^/live/[0-9]+/events(\?|$)") {
    set bereq.first_byte_timeout = 60s;
    set bereq.between_bytes_timeout = 60s;
  }
  if (bereq.http.X-Tribune-Brotli) {
    set bereq.http.Accept-Encoding = "br";
  }
  unset bereq.http.X-Tribune-Brotli;
}

sub vcl_backend_response {
  # TTL from s-maxage and grace from stale-while-revalidate are Varnish's defaults; the built-in
  # VCL that follows refuses to cache Set-Cookie, private and no-store answers.
  # Keep an expired object a while longer for conditional requests to Tribune (304s).
  set beresp.keep = 1h;
}

sub vcl_deliver {
  # Surrogate keys are for caches; readers need not see them (X-Debug-Keys shows them).
  if (!req.http.X-Debug-Keys) {
    unset resp.http.xkey;
    unset resp.http.Surrogate-Key;
  }
  if (obj.hits > 0) {
    set resp.http.X-Cache = "HIT";
  } else {
    set resp.http.X-Cache = "MISS";
  }
}

sub vcl_synth {
  if (req.method == "PURGE") {
    set resp.http.Content-Type = "text/plain; charset=utf-8";
    set resp.body = resp.reason + {"
"};
    return (deliver);
  }
}
