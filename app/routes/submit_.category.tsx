import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { intelligence } from "../domain/intelligence/intelligence.server";
import { db } from "../utils/db.server";

const Query = z.object({
  title: z.string().trim().max(100).default(""),
  text: z.string().trim().min(20).max(5000),
});

/**
 * GET /submit/category?title=…&text=…: the category the classifier predicts for a draft, so the
 * submit form can pre-fill it (the citizen may change it). Nothing is stored.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const parsed = Query.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success) return Response.json({ prediction: null }, { status: 400 });
  const hint = intelligence().predict(db(), { title: parsed.data.title, body: parsed.data.text });
  return Response.json(
    {
      prediction: hint
        ? { categoryId: hint.categoryId, confidence: Math.round(hint.confidence * 100) / 100 }
        : null,
    },
    { headers: { "Cache-Control": "no-store" } },
  );
}
