import { and, desc, eq, isNotNull } from "drizzle-orm";
import { clusters, outcomes, suggestionContacts, suggestions } from "../../../db/schema";
import { now as clockNow } from "../../utils/clock.server";
import { type Db, db } from "../../utils/db.server";
import { NotFoundError } from "../../utils/errors";
import { type Locale, type MessageKey, translate } from "../../utils/i18n";
import { isPublicRow } from "../suggestions/public.server";
import { redact } from "../suggestions/redact";
import { loadEnrichment, redactRow, selectPublicRows } from "./public-data.server";
import { escapeXml, XML_DECLARATION } from "./xml";

/**
 * Feeds of published outcomes ("from suggestion to practice") and of a topic (cluster), as Atom
 * 1.0 (default) or RSS 2.0 (`?format=rss`). Public rows only, text redacted, XML escaped.
 */
export type FeedFormat = "atom" | "rss";

export interface FeedEntry {
  id: string;
  title: string;
  link: string;
  summary: string;
  updated: Date;
  published: Date;
  category?: string;
}

export interface Feed {
  id: string;
  title: string;
  subtitle: string;
  link: string;
  self: string;
  updated: Date;
  language: Locale;
  entries: FeedEntry[];
}

const FEED_SIZE = 50;

const t = (locale: Locale, key: string, params?: Record<string, string | number>) =>
  translate(locale, key as MessageKey, params);

function excerpt(text: string, max = 280): string {
  const flat = text.replace(/\s+/g, " ").trim();
  const chars = [...flat];
  return chars.length > max ? `${chars.slice(0, max - 1).join("")}…` : flat;
}

/** The latest published outcomes of public suggestions. */
export function outcomesFeed(origin: string, locale: Locale, database: Db = db()): Feed {
  const rows = database
    .select({
      outcomeId: outcomes.id,
      type: outcomes.type,
      title: outcomes.title,
      description: outcomes.description,
      publishedAt: outcomes.publishedAt,
      achievedAt: outcomes.achievedAt,
      code: suggestions.trackingCode,
      suggestionTitle: suggestions.title,
      contactName: suggestionContacts.name,
    })
    .from(outcomes)
    .innerJoin(suggestions, eq(suggestions.id, outcomes.suggestionId))
    .leftJoin(suggestionContacts, eq(suggestionContacts.suggestionId, suggestions.id))
    .where(and(isNotNull(outcomes.publishedAt), isPublicRow()))
    .orderBy(desc(outcomes.publishedAt), desc(outcomes.id))
    .limit(FEED_SIZE)
    .all();
  const entries = rows.map((r): FeedEntry => {
    const names = [r.contactName];
    const typeLabel = t(locale, `outcome.${r.type}`);
    return {
      id: `${origin}/suggestions/${r.code}#outcome-${r.outcomeId}`,
      title: redact(r.title, names),
      link: `${origin}/suggestions/${r.code}`,
      summary: t(locale, "feed.outcomeSummary", {
        type: typeLabel,
        suggestion: redact(r.suggestionTitle, names),
        code: r.code,
        description: excerpt(redact(r.description, names)),
      }),
      updated: r.achievedAt && r.achievedAt > r.publishedAt! ? r.achievedAt : r.publishedAt!,
      published: r.publishedAt!,
      category: typeLabel,
    };
  });
  return {
    id: `${origin}/feeds/outcomes.xml`,
    title: t(locale, "feed.outcomes.title"),
    subtitle: t(locale, "feed.outcomes.subtitle"),
    link: `${origin}/outcomes`,
    self: `${origin}/feeds/outcomes.xml`,
    updated: entries[0]?.updated ?? clockNow(),
    language: locale,
    entries,
  };
}

/** The public suggestions of one topic, newest first, with their status and outcome. */
export function topicFeed(
  clusterId: number,
  origin: string,
  locale: Locale,
  database: Db = db(),
): Feed {
  const cluster = database
    .select({ id: clusters.id, label: clusters.label, updatedAt: clusters.updatedAt })
    .from(clusters)
    .where(eq(clusters.id, clusterId))
    .get();
  if (!cluster) throw new NotFoundError("Unknown topic");
  const rows = selectPublicRows(database, {
    where: eq(suggestions.clusterId, clusterId),
    limit: FEED_SIZE,
  });
  // A topic with nothing public is not public either.
  if (rows.length === 0) throw new NotFoundError("Unknown topic");
  const extra = loadEnrichment(rows, database);
  const label = redact(
    cluster.label,
    rows.map((r) => r.contactName),
  );
  const entries = rows.map((r): FeedEntry => {
    const text = redactRow(r);
    const x = extra.get(r.id)!;
    const status = t(locale, `status.${r.status}`);
    const parts = [
      status,
      x.decision ? t(locale, `decision.${x.decision}`) : null,
      x.outcome ? `${t(locale, `outcome.${x.outcome.type}`)}：${x.outcome.title}` : null,
    ].filter(Boolean);
    return {
      id: `${origin}/suggestions/${r.trackingCode}`,
      title: text.title,
      link: `${origin}/suggestions/${r.trackingCode}`,
      summary: `${parts.join(" · ")}\n${excerpt(text.body)}`,
      updated: r.updatedAt,
      published: r.submittedAt,
      category: status,
    };
  });
  const updated = new Date(
    Math.max(cluster.updatedAt.getTime(), ...entries.map((e) => e.updated.getTime())),
  );
  return {
    id: `${origin}/feeds/topics/${cluster.id}.xml`,
    title: t(locale, "feed.topic.title", { label }),
    subtitle: t(locale, "feed.topic.subtitle", { label }),
    link: `${origin}/topics/${cluster.id}`,
    self: `${origin}/feeds/topics/${cluster.id}.xml`,
    updated,
    language: locale,
    entries,
  };
}

const lang = (l: Locale) => (l === "en" ? "en" : "zh-CN");

export function renderAtom(feed: Feed): string {
  const e = escapeXml;
  const entries = feed.entries
    .map(
      (x) => `  <entry>
    <id>${e(x.id)}</id>
    <title>${e(x.title)}</title>
    <link rel="alternate" type="text/html" href="${e(x.link)}"/>
    <published>${x.published.toISOString()}</published>
    <updated>${x.updated.toISOString()}</updated>
${x.category ? `    <category term="${e(x.category)}"/>\n` : ""}    <summary type="text">${e(x.summary)}</summary>
  </entry>
`,
    )
    .join("");
  return `${XML_DECLARATION}<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${lang(feed.language)}">
  <id>${e(feed.id)}</id>
  <title>${e(feed.title)}</title>
  <subtitle>${e(feed.subtitle)}</subtitle>
  <link rel="alternate" type="text/html" href="${e(feed.link)}"/>
  <link rel="self" type="application/atom+xml" href="${e(feed.self)}"/>
  <updated>${feed.updated.toISOString()}</updated>
  <author><name>${e(t(feed.language, "app.name"))}</name></author>
  <generator>Minyi</generator>
${entries}</feed>
`;
}

/**
 * RSS readers render <description> as HTML once the XML is decoded, so plain text is escaped as
 * HTML first (then as XML): markup a citizen typed shows as text there too.
 */
function htmlText(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

export function renderRss(feed: Feed): string {
  const e = escapeXml;
  const items = feed.entries
    .map(
      (x) => `    <item>
      <title>${e(x.title)}</title>
      <link>${e(x.link)}</link>
      <guid isPermaLink="false">${e(x.id)}</guid>
      <pubDate>${x.updated.toUTCString()}</pubDate>
${x.category ? `      <category>${e(x.category)}</category>\n` : ""}      <description>${e(htmlText(x.summary))}</description>
    </item>
`,
    )
    .join("");
  return `${XML_DECLARATION}<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">
  <channel>
    <title>${e(feed.title)}</title>
    <link>${e(feed.link)}</link>
    <description>${e(feed.subtitle)}</description>
    <language>${lang(feed.language)}</language>
    <lastBuildDate>${feed.updated.toUTCString()}</lastBuildDate>
    <atom:link href="${e(feed.self)}" rel="self" type="application/rss+xml"/>
${items}  </channel>
</rss>
`;
}

/** Renders a feed as a response in the format the query asks for. */
export function feedResponse(request: Request, build: (origin: string, locale: Locale) => Feed) {
  const url = new URL(request.url);
  const format: FeedFormat = url.searchParams.get("format") === "rss" ? "rss" : "atom";
  const locale: Locale = url.searchParams.get("lang") === "en" ? "en" : "zh-CN";
  const feed = build(url.origin, locale);
  return new Response(format === "rss" ? renderRss(feed) : renderAtom(feed), {
    headers: {
      "Content-Type":
        format === "rss"
          ? "application/rss+xml; charset=utf-8"
          : "application/atom+xml; charset=utf-8",
      "Cache-Control": "public, max-age=300",
      "Access-Control-Allow-Origin": "*",
    },
  });
}

/** `/feeds/topics/{id}.xml`: the segment is "12.xml"; anything else or an unknown topic is 404. */
export function topicFeedResponse(request: Request, segment: string): Response {
  const m = /^(\d{1,9})\.xml$/.exec(segment);
  try {
    if (!m) throw new NotFoundError("Unknown topic");
    const id = Number(m[1]);
    return feedResponse(request, (origin, locale) => topicFeed(id, origin, locale));
  } catch (error) {
    if (error instanceof NotFoundError)
      return new Response("Not found\n", {
        status: 404,
        headers: { "Content-Type": "text/plain; charset=utf-8" },
      });
    throw error;
  }
}
