/**
 * Request bodies have a ceiling that holds before they are read: an oversized body is
 * refused from its Content-Length (413) on every route, a chunked one without a length is
 * refused by the pages (411) and cut off at 64 KB by the JSON API and Open311, which read
 * their bodies themselves. Over HTTP against the built server; a normal submission still
 * goes through and nothing refused is stored.
 */
import { request as httpRequest } from "node:http";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readBodyText } from "../../app/utils/body.server";
import { type RunningServer, seededDbCopy, startServer } from "../setup/server";

let server: RunningServer;

beforeAll(async () => {
  const { dbPath } = seededDbCopy("minyi-body-limits-");
  server = await startServer({ dbPath });
}, 60_000);

afterAll(async () => {
  await server?.stop();
});

const suggestionCount = () => {
  const sqlite = new Database(server.dbPath, { readonly: true });
  try {
    return (sqlite.prepare("select count(*) as n from suggestions").get() as { n: number }).n;
  } finally {
    sqlite.close();
  }
};

const draft = {
  title: "建议在江滨公园增设直饮水点",
  body: "江滨公园每天晨练和散步的人很多，夏天没有地方喝水，建议在公园入口增设一处直饮水点。",
  regionUnitId: 3,
  publishConsent: true,
};

/** A body streamed in 16 KB chunks with no Content-Length (Transfer-Encoding: chunked). */
function chunked(text: string): ReadableStream<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  let at = 0;
  return new ReadableStream({
    pull(controller) {
      if (at >= bytes.length) return controller.close();
      controller.enqueue(bytes.slice(at, at + 16 * 1024));
      at += 16 * 1024;
    },
  });
}

describe("request body ceilings", () => {
  it("the JSON API answers 413 in JSON to a body over 1 MiB, before reading it", async () => {
    const before = suggestionCount();
    const res = await fetch(`${server.url}/api/v1/suggestions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ ...draft, body: "长".repeat(1024 * 1024) }),
    });
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ error: "payload_too_large" });
    expect(suggestionCount()).toBe(before);
  });

  it("the JSON API cuts a chunked body off past 64 KB", async () => {
    const res = await fetch(`${server.url}/api/v1/suggestions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: chunked(JSON.stringify({ ...draft, body: "x".repeat(200 * 1024) })),
      duplex: "half",
    } as RequestInit);
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ error: "payload_too_large" });
  });

  it("the JSON API still takes a normal submission, chunked or not", async () => {
    const before = suggestionCount();
    const plain = await fetch(`${server.url}/api/v1/suggestions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(draft),
    });
    expect(plain.status).toBe(201);
    const streamed = await fetch(`${server.url}/api/v1/suggestions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: chunked(JSON.stringify({ ...draft, title: "建议在江滨公园增设两处直饮水点" })),
      duplex: "half",
    } as RequestInit);
    expect(streamed.status).toBe(201);
    expect(suggestionCount()).toBe(before + 2);
  });

  it("Open311 refuses a service request over 64 KB in its own error format", async () => {
    const before = suggestionCount();
    const res = await fetch(`${server.url}/open311/v2/requests.json`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        service_code: "1",
        description: "路灯不亮".repeat(10_000),
        lat: "30.1",
        long: "120.1",
      }).toString(),
    });
    expect(res.status).toBe(413);
    expect(await res.json()).toEqual([
      { code: 413, description: "The request body is larger than 64 KB." },
    ]);
    expect(suggestionCount()).toBe(before);
  });

  it("a page refuses a form over 1 MiB (413) and a chunked one (411)", async () => {
    const big = await post("/submit", `title=${"a".repeat(2 * 1024 * 1024)}`, {
      "content-length": String(2 * 1024 * 1024 + 6),
    });
    expect(big.status).toBe(413);
    const streamed = await post("/submit", "title=abc", { "transfer-encoding": "chunked" });
    expect(streamed.status).toBe(411);
  });
});

/** A form post on a connection of its own (node:http, no pooling), written in one piece. */
function post(path: string, body: string, headers: Record<string, string>) {
  return new Promise<{ status: number; text: string }>((resolve, reject) => {
    const req = httpRequest(
      `${server.url}${path}`,
      {
        method: "POST",
        agent: false,
        headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
      },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (c: string) => {
          text += c;
        });
        res.on("end", () => resolve({ status: res.statusCode ?? 0, text }));
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

describe("readBodyText", () => {
  it("keeps nothing past the ceiling and reads the rest to the end", async () => {
    let pulled = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (++pulled > 20) return controller.close();
        controller.enqueue(new Uint8Array(10 * 1024));
      },
    });
    const request = new Request("http://minyi.test/", {
      method: "POST",
      body,
      duplex: "half",
    } as RequestInit);
    expect(await readBodyText(request, 64 * 1024)).toBeNull();
    expect(pulled).toBe(21);
  });

  it("refuses from the declared length without reading, and reads a small body whole", async () => {
    const declared = new Request("http://minyi.test/", {
      method: "POST",
      headers: { "content-length": String(1024 * 1024) },
      body: "{}",
    });
    expect(await readBodyText(declared, 64 * 1024)).toBeNull();
    const small = new Request("http://minyi.test/", { method: "POST", body: "路灯不亮" });
    expect(await readBodyText(small, 64 * 1024)).toBe("路灯不亮");
  });
});
