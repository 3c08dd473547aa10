import type { getSuggestionView, listPublicSuggestions } from "./public.server";

/**
 * What the JSON API returns for suggestions: stable field names, ISO dates, nothing internal.
 * The private fields (deadline, rating options) only appear when the secret was right.
 */
type View = ReturnType<typeof getSuggestionView>;
type ListRow = ReturnType<typeof listPublicSuggestions>["rows"][number];

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

export function apiListItem(r: ListRow) {
  return {
    trackingCode: r.trackingCode,
    title: r.title,
    excerpt: r.excerpt,
    status: r.status,
    decision: r.decision,
    supportsCount: r.supportsCount,
    submittedAt: iso(r.submittedAt),
    answeredAt: iso(r.answeredAt),
    unit: { name: r.unitName, nameEn: r.unitNameEn },
    category: r.categoryName ? { name: r.categoryName, nameEn: r.categoryNameEn } : null,
    url: `/suggestions/${r.trackingCode}`,
  };
}

export function apiSuggestion(view: View) {
  const s = view.suggestion;
  return {
    trackingCode: s.trackingCode,
    view: view.isOwner ? "private" : "public",
    title: s.title,
    body: s.body,
    status: s.status,
    handlingStatus: s.handlingStatus,
    decision: view.decision
      ? {
          decision: view.decision.decision,
          reason: view.decision.reason,
          publishedAt: iso(view.decision.publishedAt),
        }
      : null,
    supportsCount: s.supportsCount,
    submittedAt: iso(s.submittedAt),
    answeredAt: iso(s.answeredAt),
    unit: { name: s.unitName, nameEn: s.unitNameEn },
    category: s.categoryName ? { name: s.categoryName, nameEn: s.categoryNameEn } : null,
    timeline: view.timeline.map((e) => ({
      type: e.type,
      toStatus: e.toStatus,
      note: e.note,
      public: e.isPublic,
      at: iso(e.createdAt),
    })),
    reply: view.reply
      ? {
          department: { name: view.reply.departmentName, nameEn: view.reply.departmentNameEn },
          body: view.reply.body,
          publishedAt: iso(view.reply.publishedAt),
        }
      : null,
    outcome: view.outcome
      ? {
          type: view.outcome.type,
          title: view.outcome.title,
          description: view.outcome.description,
          documentNo: view.outcome.documentNo,
          link: view.outcome.link,
          outcomeDate: iso(view.outcome.outcomeDate),
          achievedAt: iso(view.outcome.achievedAt),
          milestones: view.outcome.milestones.map((m) => ({
            title: m.title,
            dueAt: iso(m.dueAt),
            doneAt: iso(m.doneAt),
            progress: m.progress,
            evidence: m.evidence,
          })),
        }
      : null,
    mergedInto: view.primary
      ? { trackingCode: view.primary.trackingCode, status: view.primary.status }
      : null,
    topic: view.cluster ? { id: view.cluster.id, label: view.cluster.label } : null,
    related: view.related,
    ...(view.isOwner
      ? {
          deadline: iso(s.deadline),
          canRate: s.canRate,
          canRequestRehandling: s.canRehandle,
        }
      : {}),
  };
}
