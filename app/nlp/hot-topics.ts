import { NLP_CONFIG } from "./config";

export interface HotItem {
  id: string;
  clusterId: string;
  createdAt: Date;
  /** Supports (likes/co-signatures); a support is worth less than a new message. */
  supports: number;
}

export interface HotTopic {
  clusterId: string;
  size: number;
  score: number;
  /** Weighted activity in the last 7 days ÷ the 7 days before (both +1 smoothed). */
  growth7: number;
  /** Same over 30-day windows. */
  growth30: number;
  emerging: boolean;
  firstSeen: Date;
  lastSeen: Date;
  ids: string[];
}

export interface HotOptions {
  /** Half-life of an item's contribution to the score, in days. */
  halfLifeDays?: number;
  /** A cluster whose first item is at most this old can be "emerging". */
  emergingDays?: number;
  /** growth7 needed to be emerging. */
  emergingGrowth?: number;
  /** Items needed to be emerging. */
  emergingMinSize?: number;
  limit?: number;
}

const DAY = 86_400_000;

/** An item's weight: 1 for the message itself plus log1p(supports). */
export function itemWeight(supports: number): number {
  return 1 + Math.log1p(Math.max(0, supports));
}

/**
 * Ranks topics by recency-decayed, support-weighted activity, boosted by growth:
 *   heat  = Σ w_i · 2^(−age_i / halfLife)
 *   score = heat · (1 + log2(max(1, growth7)) / 2)
 * Items after `now` are ignored (they are not visible yet at `now`).
 */
export function rankHotTopics(
  items: readonly HotItem[],
  now: Date,
  options: HotOptions = {},
): HotTopic[] {
  const o = { ...NLP_CONFIG.hot, ...options };
  const t = now.getTime();
  interface Acc {
    size: number;
    heat: number;
    w7: number;
    prev7: number;
    w30: number;
    prev30: number;
    first: number;
    last: number;
    ids: string[];
  }
  const by = new Map<string, Acc>();
  for (const it of items) {
    const ts = it.createdAt.getTime();
    if (!Number.isFinite(ts) || ts > t) continue;
    let a = by.get(it.clusterId);
    if (!a) {
      a = { size: 0, heat: 0, w7: 0, prev7: 0, w30: 0, prev30: 0, first: ts, last: ts, ids: [] };
      by.set(it.clusterId, a);
    }
    const age = (t - ts) / DAY;
    const w = itemWeight(it.supports);
    a.size++;
    a.ids.push(it.id);
    a.heat += w * 2 ** (-age / o.halfLifeDays);
    if (age < 7) a.w7 += w;
    else if (age < 14) a.prev7 += w;
    if (age < 30) a.w30 += w;
    else if (age < 60) a.prev30 += w;
    a.first = Math.min(a.first, ts);
    a.last = Math.max(a.last, ts);
  }
  const out: HotTopic[] = [];
  for (const [clusterId, a] of by) {
    const growth7 = (a.w7 + 1) / (a.prev7 + 1);
    const growth30 = (a.w30 + 1) / (a.prev30 + 1);
    const score = a.heat * (1 + Math.log2(Math.max(1, growth7)) / 2);
    const emerging =
      (t - a.first) / DAY <= o.emergingDays &&
      growth7 >= o.emergingGrowth &&
      a.size >= o.emergingMinSize;
    out.push({
      clusterId,
      size: a.size,
      score,
      growth7,
      growth30,
      emerging,
      firstSeen: new Date(a.first),
      lastSeen: new Date(a.last),
      ids: a.ids,
    });
  }
  out.sort((x, y) => y.score - x.score || y.size - x.size || (x.clusterId < y.clusterId ? -1 : 1));
  return options.limit !== undefined ? out.slice(0, options.limit) : out;
}
