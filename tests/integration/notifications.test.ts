import { existsSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { eq, inArray } from "drizzle-orm";
import { SMTPServer } from "smtp-server";
import { afterEach, describe, expect, it } from "vitest";
import {
  type DeliveryAdapters,
  fileEmailAdapter,
  fileSmsAdapter,
  smtpEmailAdapter,
} from "../../app/domain/notifications/adapters.server";
import { deliverOutbox, retryDelayMs } from "../../app/domain/notifications/delivery.server";
import { enqueueNotification } from "../../app/domain/notifications/notifications.server";
import { type Db, openDatabase } from "../../db/client";
import { notifications } from "../../db/schema";
import { SEEDED_AT } from "../setup/paths";
import { freshDb } from "../setup/test-db";

const FROM = "Minyi <noreply@minyi.local>";
const T0 = SEEDED_AT;
const MIN = 60_000;
const plus = (ms: number) => new Date(T0.getTime() + ms);

interface Received {
  envelopeTo: string[];
  raw: string;
}

/** A real SMTP server on loopback that keeps what it receives; it can refuse with a 451. */
async function startSmtp() {
  const received: Received[] = [];
  const state = { rejecting: false };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onRcptTo(_address, _session, callback) {
      if (state.rejecting) {
        const error = new Error("Mailbox busy, try again later") as Error & {
          responseCode: number;
        };
        error.responseCode = 451;
        callback(error);
        return;
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        received.push({
          envelopeTo: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString("utf8"),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    url: `smtp://127.0.0.1:${port}`,
    received,
    state,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Just enough MIME decoding to read back what nodemailer sent (RFC 2047 words, QP, base64). */
function decodeMessage(raw: string) {
  const split = raw.indexOf("\r\n\r\n") >= 0 ? raw.indexOf("\r\n\r\n") : raw.indexOf("\n\n");
  const head = raw.slice(0, split).replace(/\r?\n[ \t]+/g, " ");
  const bodyRaw = raw.slice(split).trim();
  const header = (name: string) =>
    head
      .split(/\r?\n/)
      .find((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`))
      ?.slice(name.length + 1)
      .trim() ?? "";
  const words = (v: string) =>
    v
      .replace(/\?=\s+=\?/g, "?==?")
      .replace(/=\?utf-8\?([bq])\?([^?]*)\?=/gi, (_, enc: string, text: string) =>
        enc.toLowerCase() === "b"
          ? Buffer.from(text, "base64").toString("utf8")
          : Buffer.from(
              text
                .replace(/_/g, " ")
                .replace(/=([0-9a-f]{2})/gi, (_m, h: string) =>
                  String.fromCharCode(parseInt(h, 16)),
                ),
              "latin1",
            ).toString("utf8"),
      );
  const cte = header("Content-Transfer-Encoding").toLowerCase();
  const body =
    cte === "base64"
      ? Buffer.from(bodyRaw.replace(/\s+/g, ""), "base64").toString("utf8")
      : cte === "quoted-printable"
        ? Buffer.from(
            bodyRaw
              .replace(/=\r?\n/g, "")
              .replace(/=([0-9A-F]{2})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16))),
            "latin1",
          ).toString("utf8")
        : bodyRaw;
  return { header, subject: words(header("Subject")), body: body.replace(/\r\n/g, "\n") };
}

function enqueueEmail(db: Db, to: string | null, subject: string, body: string, at = T0) {
  db.transaction((tx) =>
    enqueueNotification(tx, { channel: "email", recipientAddress: to, subject, body, at }),
  );
}

function lastId(db: Db): number {
  return (db.$client.prepare("select max(id) id from notifications").get() as { id: number }).id;
}

function row(db: Db, id: number) {
  return db.select().from(notifications).where(eq(notifications.id, id)).get()!;
}

function pendingOutboxCount(db: Db): number {
  return (
    db.$client.prepare("select count(*) n from notifications where status = 'pending'").get() as {
      n: number;
    }
  ).n;
}

const servers: { close: () => Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

function adaptersFor(url: string, dir = mkdtempSync(join(tmpdir(), "minyi-outbox-"))) {
  return { email: smtpEmailAdapter(url, FROM), sms: fileSmsAdapter(dir) } as DeliveryAdapters;
}

describe("outbox delivery over SMTP", () => {
  it("delivers a pending e-mail to a real SMTP server, which receives its content", async () => {
    const db = freshDb();
    // The seeded story leaves nothing pending: whatever is sent below is ours.
    expect(pendingOutboxCount(db)).toBe(0);
    const smtp = await startSmtp();
    servers.push(smtp);
    enqueueEmail(
      db,
      "staff@example.org",
      "督办提醒 / Supervision reminder",
      "请尽快办理 JY-2026-000001。\nPlease handle JY-2026-000001 now.",
    );
    const id = lastId(db);

    const report = await deliverOutbox({ at: T0, database: db, adapters: adaptersFor(smtp.url) });

    expect(report).toEqual({ claimed: 1, sent: 1, retrying: 0, failed: 0 });
    expect(smtp.received).toHaveLength(1);
    const mail = decodeMessage(smtp.received[0]!.raw);
    expect(smtp.received[0]!.envelopeTo).toEqual(["staff@example.org"]);
    expect(mail.subject).toBe("督办提醒 / Supervision reminder");
    expect(mail.body).toContain("请尽快办理 JY-2026-000001。");
    expect(mail.body).toContain("Please handle JY-2026-000001 now.");
    expect(mail.header("From")).toContain("noreply@minyi.local");
    expect(mail.header("Message-ID")).toBe(`<minyi-notification-${id}@minyi.local>`);
    expect(mail.header("X-Minyi-Notification-Id")).toBe(String(id));
    const sent = row(db, id);
    expect(sent.status).toBe("sent");
    expect(sent.sentAt).toEqual(T0);
    expect(sent.attempts).toBe(1);
    expect(sent.lastError).toBeNull();

    // A second pass has nothing left to send.
    const again = await deliverOutbox({
      at: plus(60 * MIN),
      database: db,
      adapters: adaptersFor(smtp.url),
    });
    expect(again.claimed).toBe(0);
    expect(smtp.received).toHaveLength(1);
  });

  it("keeps a refused message in the outbox and retries it with back-off until it goes through", async () => {
    const db = freshDb();
    const smtp = await startSmtp();
    servers.push(smtp);
    smtp.state.rejecting = true;
    enqueueEmail(db, "handler@example.org", "Overdue", "Item JY-2026-000002 is overdue.");
    const id = lastId(db);
    const adapters = adaptersFor(smtp.url);

    const first = await deliverOutbox({ at: T0, database: db, adapters });
    expect(first).toEqual({ claimed: 1, sent: 0, retrying: 1, failed: 0 });
    let r = row(db, id);
    expect(r.status).toBe("pending");
    expect(r.attempts).toBe(1);
    expect(r.lastError).toContain("451");
    expect(r.nextAttemptAt).toEqual(plus(1 * MIN));

    // Not due yet: nothing is tried.
    expect((await deliverOutbox({ at: plus(30_000), database: db, adapters })).claimed).toBe(0);

    // Second try at the due time fails again; the wait grows to 5 minutes.
    await deliverOutbox({ at: plus(1 * MIN), database: db, adapters });
    r = row(db, id);
    expect(r.attempts).toBe(2);
    expect(r.status).toBe("pending");
    expect(r.nextAttemptAt).toEqual(plus(6 * MIN));
    expect(smtp.received).toHaveLength(0);

    // The server recovers: the third try delivers, and the row is still there, marked sent.
    smtp.state.rejecting = false;
    const third = await deliverOutbox({ at: plus(6 * MIN), database: db, adapters });
    expect(third.sent).toBe(1);
    r = row(db, id);
    expect(r).toMatchObject({ status: "sent", attempts: 3, lastError: null });
    expect(r.sentAt).toEqual(plus(6 * MIN));
    expect(smtp.received).toHaveLength(1);
    expect(decodeMessage(smtp.received[0]!.raw).body).toContain("JY-2026-000002 is overdue");
  });

  it("retries while the server is down, then marks the row failed after the last attempt and keeps it", async () => {
    const db = freshDb();
    // Start and stop a server to get a loopback port that refuses connections.
    const gone = await startSmtp();
    await gone.close();
    enqueueEmail(db, "down@example.org", "Digest", "Nothing reaches a closed port.");
    const id = lastId(db);
    const adapters = adaptersFor(gone.url);

    const times = [0, 1 * MIN, 6 * MIN];
    for (const t of times)
      await deliverOutbox({ at: plus(t), database: db, adapters, maxAttempts: 3 });
    const r = row(db, id);
    expect(r.status).toBe("failed");
    expect(r.attempts).toBe(3);
    expect(r.lastError).toMatch(/ECONNREFUSED/);
    expect(r.nextAttemptAt).toBeNull();
    // Failed rows are never picked up again, and never deleted.
    expect((await deliverOutbox({ at: plus(86_400_000), database: db, adapters })).claimed).toBe(0);
    expect(row(db, id).status).toBe("failed");
  });

  it("backs off 1, 5, 25, 125 minutes, then every 6 hours", () => {
    expect([1, 2, 3, 4, 5, 6, 7].map((n) => retryDelayMs(n) / MIN)).toEqual([
      1, 5, 25, 125, 360, 360, 360,
    ]);
  });

  it("fails a message without an address at once instead of retrying it", async () => {
    const db = freshDb();
    enqueueEmail(db, null, "No address", "Nobody to send to.");
    const id = lastId(db);
    const report = await deliverOutbox({
      at: T0,
      database: db,
      adapters: adaptersFor("smtp://127.0.0.1:9"),
    });
    expect(report.failed).toBe(1);
    expect(row(db, id)).toMatchObject({ status: "failed", attempts: 1 });
    expect(row(db, id).lastError).toContain("no email address");
  });

  it("two delivery passes running at the same time send each message exactly once", async () => {
    const db = freshDb();
    const other = openDatabase(db.$client.name); // a second worker: its own connection
    const smtp = await startSmtp();
    servers.push(smtp);
    const ids: number[] = [];
    for (let i = 1; i <= 6; i++) {
      enqueueEmail(db, `staff${i}@example.org`, `Message ${i}`, `Body of message ${i}.`);
      ids.push(lastId(db));
    }
    const [a, b] = await Promise.all([
      deliverOutbox({ at: T0, database: db, adapters: adaptersFor(smtp.url), batchSize: 2 }),
      deliverOutbox({ at: T0, database: other, adapters: adaptersFor(smtp.url), batchSize: 2 }),
    ]);
    // Both workers took part, and between them each message went out once.
    expect(a.sent).toBeGreaterThan(0);
    expect(b.sent).toBeGreaterThan(0);
    expect(a.sent + b.sent).toBe(6);
    expect(smtp.received).toHaveLength(6);
    const delivered = smtp.received.map((m) =>
      decodeMessage(m.raw).header("X-Minyi-Notification-Id"),
    );
    expect(new Set(delivered).size).toBe(6);
    expect(delivered.map(Number).sort((x, y) => x - y)).toEqual(ids);
    const rows = db.select().from(notifications).where(inArray(notifications.id, ids)).all();
    expect(rows.every((r) => r.status === "sent" && r.attempts === 1)).toBe(true);
    other.$client.close();
  });
});

describe("file adapters (no SMTP configured)", () => {
  it("write one .eml per e-mail and one .json per SMS, and a retry overwrites rather than duplicates", async () => {
    const db = freshDb();
    const dir = mkdtempSync(join(tmpdir(), "minyi-outbox-"));
    const adapters: DeliveryAdapters = {
      email: fileEmailAdapter(dir, FROM),
      sms: fileSmsAdapter(dir),
    };
    enqueueEmail(db, "reviewer@example.org", "每日待办摘要 / Daily digest", "您有 3 件待办。");
    const emailId = lastId(db);
    db.transaction((tx) =>
      enqueueNotification(tx, {
        channel: "sms",
        recipientAddress: "13800000000",
        subject: "民意",
        body: "您的建议已受理。",
        at: T0,
      }),
    );
    const smsId = lastId(db);

    const report = await deliverOutbox({ at: T0, database: db, adapters });
    expect(report.sent).toBe(2);

    const emlName = `${String(emailId).padStart(8, "0")}.eml`;
    expect(readdirSync(join(dir, "email"))).toEqual([emlName]);
    const mail = decodeMessage(readFileSync(join(dir, "email", emlName), "utf8"));
    expect(mail.header("To")).toBe("reviewer@example.org");
    expect(mail.subject).toBe("每日待办摘要 / Daily digest");
    expect(mail.body).toContain("您有 3 件待办。");

    const smsName = `${String(smsId).padStart(8, "0")}.json`;
    expect(readdirSync(join(dir, "sms"))).toEqual([smsName]);
    expect(JSON.parse(readFileSync(join(dir, "sms", smsName), "utf8"))).toEqual({
      id: smsId,
      to: "13800000000",
      text: "民意\n您的建议已受理。",
    });
    expect(row(db, emailId).status).toBe("sent");
    expect(row(db, smsId).status).toBe("sent");

    // Sending the same outbox row again (a retry after a crash) rewrites the same file.
    await adapters.email.send({ id: emailId, to: "reviewer@example.org", subject: "x", text: "y" });
    expect(readdirSync(join(dir, "email"))).toEqual([emlName]);
    expect(existsSync(join(dir, "email", `${emlName}.${process.pid}.tmp`))).toBe(false);
  });
});
