import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import nodemailer from "nodemailer";
import { env } from "../../utils/env.server";

/**
 * Delivery adapters for the outbox. The worker (delivery.server.ts) hands each claimed row to
 * the adapter of its channel; an adapter resolves on success and throws on failure (the worker
 * then schedules a retry). Every message carries the outbox id so a re-send after a crash can
 * be recognised (the e-mail Message-ID and the file names are derived from it).
 */
export interface OutboundEmail {
  id: number;
  to: string;
  subject: string;
  text: string;
}

export interface OutboundSms {
  id: number;
  to: string;
  text: string;
}

export interface EmailAdapter {
  readonly name: string;
  send(message: OutboundEmail): Promise<void>;
}

export interface SmsAdapter {
  readonly name: string;
  send(message: OutboundSms): Promise<void>;
}

export interface DeliveryAdapters {
  email: EmailAdapter;
  sms: SmsAdapter;
}

/** A delivery error that retrying cannot fix (no address, malformed address). */
export class PermanentDeliveryError extends Error {
  override name = "PermanentDeliveryError";
}

function messageId(id: number): string {
  return `<minyi-notification-${id}@minyi.local>`;
}

function mailOptions(from: string, m: OutboundEmail) {
  return {
    from,
    to: m.to,
    subject: m.subject,
    text: m.text,
    messageId: messageId(m.id),
    headers: { "X-Minyi-Notification-Id": String(m.id) },
  };
}

/** E-mail through an SMTP server (`smtp://user:pass@host:port`, `smtps://…` for implicit TLS). */
export function smtpEmailAdapter(url: string, from: string): EmailAdapter {
  const transport = nodemailer.createTransport({
    url,
    // Fail a dead or silent server in seconds, well inside the worker's claim lease.
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 30_000,
  });
  return {
    name: "smtp",
    async send(m) {
      await transport.sendMail(mailOptions(from, m));
    },
  };
}

/** Writes `content` to `dir/name` through a temporary file, so readers never see half a file. */
function writeAtomically(dir: string, name: string, content: string | Buffer): void {
  mkdirSync(dir, { recursive: true });
  const target = join(dir, name);
  const tmp = `${target}.${process.pid}.tmp`;
  writeFileSync(tmp, content);
  renameSync(tmp, target);
}

const padId = (id: number) => String(id).padStart(8, "0");

/**
 * Without SMTP, each e-mail becomes one RFC 822 `.eml` file (openable in any mail client) under
 * `dir/email/`; a retry overwrites the same file, it never duplicates it.
 */
export function fileEmailAdapter(dir: string, from: string): EmailAdapter {
  const composer = nodemailer.createTransport({ streamTransport: true, buffer: true });
  const target = join(resolve(dir), "email");
  return {
    name: "file",
    async send(m) {
      const info = await composer.sendMail(mailOptions(from, m));
      writeAtomically(target, `${padId(m.id)}.eml`, info.message as Buffer);
    },
  };
}

/** The default SMS adapter: one JSON file per message under `dir/sms/`. */
export function fileSmsAdapter(dir: string): SmsAdapter {
  const target = join(resolve(dir), "sms");
  return {
    name: "file",
    async send(m) {
      writeAtomically(
        target,
        `${padId(m.id)}.json`,
        `${JSON.stringify({ id: m.id, to: m.to, text: m.text }, null, 2)}\n`,
      );
    },
  };
}

let configured: DeliveryAdapters | undefined;

/** The adapters the environment asks for: SMTP when `SMTP_URL` is set, files otherwise. */
export function defaultAdapters(): DeliveryAdapters {
  if (configured) return configured;
  const e = env();
  configured = {
    email: e.SMTP_URL
      ? smtpEmailAdapter(e.SMTP_URL, e.MAIL_FROM)
      : fileEmailAdapter(e.OUTBOX_DIR, e.MAIL_FROM),
    sms: fileSmsAdapter(e.OUTBOX_DIR),
  };
  return configured;
}
