/**
 * GET /bench/bare: the yardstick of `npm run bench -- http`. A Remix resource route that does
 * nothing, so its throughput is what Express, compression, the security headers and Remix's
 * request handling cost on their own; every page is measured against it in the same run.
 */
export const loader = () =>
  new Response("ok", {
    headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" },
  });
