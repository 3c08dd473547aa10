import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { findPublicSimilar } from "../domain/suggestions/similar.server";
import { fieldErrors } from "../domain/suggestions/suggestions.schema";

const Query = z.object({
  text: z.string().trim().min(2).max(5000),
  title: z.string().trim().max(100).optional(),
  k: z.coerce.number().int().min(1).max(20).default(5),
});

/** GET /api/v1/similar?text=…&k=…: the most similar public suggestions to a draft. */
export async function loader({ request }: LoaderFunctionArgs) {
  const parsed = Query.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success) {
    return Response.json(
      { error: "invalid_query", fieldErrors: fieldErrors(parsed.error) },
      { status: 400 },
    );
  }
  const matches = findPublicSimilar(
    { title: parsed.data.title, body: parsed.data.text },
    parsed.data.k,
  );
  return Response.json({ matches }, { headers: { "Cache-Control": "no-store" } });
}
