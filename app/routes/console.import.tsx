import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  MaxPartSizeExceededError,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { CsrfInput } from "../components/csrf-input";
import { GeneralErrorBoundary } from "../components/error-boundary";
import { errorProps, FieldErrors } from "../components/field";
import { requireStaff } from "../domain/auth/auth.server";
import {
  IMPORT_CHANNELS,
  IMPORT_MAX_BYTES,
  ImportOptionsSchema,
  type ImportReport,
} from "../domain/openness/import.schema";
import { importUpload, listImportUnits } from "../domain/openness/import.server";
import { fieldErrors } from "../domain/suggestions/suggestions.schema";
import { assertCsrf } from "../utils/csrf.server";
import { ForbiddenError } from "../utils/errors";
import { guarded } from "../utils/http.server";
import { formatNumber, localized, type MessageKey } from "../utils/i18n";
import { useLocale, useT } from "../utils/use-root";

/** How many report lines the page shows (the totals are always complete). */
const SHOWN = 200;

export const loader = /* @__PURE__ */ guarded(async ({ request }: LoaderFunctionArgs) => {
  const user = await requireStaff(request);
  const units = listImportUnits(user);
  if (units.length === 0) throw new ForbiddenError();
  return { units };
});

export const action = /* @__PURE__ */ guarded(async ({ request }: ActionFunctionArgs) => {
  const user = await requireStaff(request);
  let form: FormData;
  try {
    form = await unstable_parseMultipartFormData(
      request,
      unstable_createMemoryUploadHandler({ maxPartSize: IMPORT_MAX_BYTES }),
    );
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError)
      return data({ fieldErrors: { file: ["import.error.file"] } }, { status: 400 });
    throw error;
  }
  await assertCsrf(request, form);
  const values = Object.fromEntries([...form].filter(([, v]) => typeof v === "string"));
  const parsed = ImportOptionsSchema.safeParse(values);
  if (!parsed.success) return data({ fieldErrors: fieldErrors(parsed.error) }, { status: 400 });
  const file = form.get("file");
  if (!file || typeof file === "string" || file.size === 0)
    return data({ fieldErrors: { file: ["import.error.file"] } }, { status: 400 });
  const content = new TextDecoder("utf-8").decode(await file.arrayBuffer());
  const result = await importUpload(user, parsed.data, { name: file.name, content });
  if (!result.ok) return data({ setupError: result.error }, { status: 400 });
  const { report } = result;
  return {
    fileName: result.fileName,
    report: {
      ...report,
      invalid: report.invalid.slice(0, SHOWN),
      duplicates: report.duplicates.slice(0, SHOWN),
      warnings: report.warnings.slice(0, SHOWN),
    },
    counts: {
      invalid: report.invalid.length,
      duplicates: report.duplicates.length,
      warnings: report.warnings.length,
    },
  };
});

type ActionData =
  | { fieldErrors: Record<string, string[] | undefined> }
  | { setupError: { reason: string; params: Record<string, string | number> } }
  | {
      fileName: string;
      report: ImportReport;
      counts: { invalid: number; duplicates: number; warnings: number };
    };

export default function ConsoleImport() {
  const { units } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionData | undefined;
  const t = useT();
  const locale = useLocale();
  const busy = useNavigation().state === "submitting";
  const errors = result && "fieldErrors" in result ? result.fieldErrors : {};
  return (
    <section aria-labelledby="import-title" className="stack">
      <h1 id="import-title">{t("import.title")}</h1>
      <p className="lead">{t("import.intro")}</p>
      <Form method="post" encType="multipart/form-data" className="stack" noValidate>
        <CsrfInput />
        <div className="field">
          <label htmlFor="file">{t("import.file")}</label>
          <input
            id="file"
            name="file"
            type="file"
            accept=".csv,.jsonl,.ndjson,.json,text/csv,application/json"
            required
            aria-describedby="file-hint"
            {...errorProps("file", errors.file)}
          />
          <p id="file-hint" className="hint">
            {t("import.fileHint")}
          </p>
          <FieldErrors id="file" errors={errors.file} />
        </div>
        <div className="grid-2">
          <div className="field">
            <label htmlFor="format">{t("import.format")}</label>
            <select id="format" name="format" defaultValue="auto">
              <option value="auto">{t("import.format.auto")}</option>
              <option value="csv">CSV</option>
              <option value="jsonl">JSONL</option>
            </select>
          </div>
          <div className="field">
            <label htmlFor="channel">{t("import.channel")}</label>
            <select
              id="channel"
              name="channel"
              defaultValue="hotline"
              {...errorProps("channel", errors.channel)}
            >
              {IMPORT_CHANNELS.map((c) => (
                <option key={c} value={c}>
                  {t(`import.channel.${c}` as MessageKey)}
                </option>
              ))}
            </select>
            <FieldErrors id="channel" errors={errors.channel} />
          </div>
          <div className="field">
            <label htmlFor="unitId">{t("import.unit")}</label>
            <select id="unitId" name="unitId" {...errorProps("unitId", errors.unitId)}>
              {units.map((u) => (
                <option key={u.id} value={u.id}>
                  {localized(locale, u.name, u.nameEn)}
                </option>
              ))}
            </select>
            <FieldErrors id="unitId" errors={errors.unitId} />
          </div>
        </div>
        <details>
          <summary>{t("import.fields")}</summary>
          <p className="hint">{t("import.fieldsHint")}</p>
          <div className="grid-2">
            {(
              [
                ["titleField", "import.titleField"],
                ["bodyField", "import.bodyField"],
                ["timeField", "import.timeField"],
                ["idField", "import.idField"],
                ["categoryField", "import.categoryField"],
              ] as const
            ).map(([name, key]) => (
              <div className="field" key={name}>
                <label htmlFor={name}>{t(key)}</label>
                <input id={name} name={name} maxLength={100} {...errorProps(name, errors[name])} />
                <FieldErrors id={name} errors={errors[name]} />
              </div>
            ))}
          </div>
        </details>
        <div className="checks">
          <label>
            <input type="checkbox" name="publish" value="true" /> {t("import.publish")}
          </label>
          <label>
            <input type="checkbox" name="dryRun" value="true" /> {t("import.dryRun")}
          </label>
        </div>
        <p>
          <button type="submit" className="button primary" disabled={busy}>
            {busy ? t("import.running") : t("import.submit")}
          </button>
        </p>
      </Form>

      {result && "setupError" in result ? (
        <p className="form-error" role="alert">
          {t(result.setupError.reason as MessageKey, result.setupError.params)}
        </p>
      ) : null}
      {result && "report" in result ? (
        <Report fileName={result.fileName} report={result.report} counts={result.counts} />
      ) : null}
    </section>
  );
}

function Report({
  fileName,
  report,
  counts,
}: {
  fileName: string;
  report: ImportReport;
  counts: { invalid: number; duplicates: number; warnings: number };
}) {
  const t = useT();
  const locale = useLocale();
  const n = (v: number) => formatNumber(locale, v);
  return (
    <section aria-labelledby="report-title" className="stack" role="status">
      <h2 id="report-title">
        {t(report.dryRun ? "import.report.dryRun" : "import.report.title", { file: fileName })}
      </h2>
      <dl className="figures">
        <div className="figure">
          <dt>{t("import.report.total")}</dt>
          <dd>{n(report.total)}</dd>
        </div>
        <div className="figure">
          <dt>{t(report.dryRun ? "import.report.wouldImport" : "import.report.imported")}</dt>
          <dd>{n(report.imported)}</dd>
        </div>
        <div className="figure">
          <dt>{t("import.report.already")}</dt>
          <dd>{n(report.alreadyImported)}</dd>
        </div>
        <div className="figure">
          <dt>{t("import.report.invalid")}</dt>
          <dd>{n(counts.invalid)}</dd>
        </div>
        <div className="figure">
          <dt>{t("import.report.duplicates")}</dt>
          <dd>{n(counts.duplicates)}</dd>
        </div>
        <div className="figure">
          <dt>{t("import.report.time")}</dt>
          <dd>{t("import.report.seconds", { s: (report.ms / 1000).toFixed(1) })}</dd>
        </div>
      </dl>
      <p className="muted">
        {t("import.report.fields")}{" "}
        {Object.entries(report.fields)
          .filter(([, v]) => v)
          .map(([k, v]) => `${k} ← ${v}`)
          .join(" · ")}
      </p>

      <h3>{t("import.invalid.title", { count: n(counts.invalid) })}</h3>
      {report.invalid.length ? (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">
              {t("import.invalid.title", { count: n(counts.invalid) })}
            </caption>
            <thead>
              <tr>
                <th scope="col">{t("import.col.line")}</th>
                <th scope="col">{t("import.col.reason")}</th>
              </tr>
            </thead>
            <tbody>
              {report.invalid.map((i) => (
                <tr key={`${i.line}-${i.reason}`}>
                  <td>{i.line}</td>
                  <td>{t(i.reason as MessageKey, i.params)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p className="muted">{t("import.none")}</p>
      )}
      {counts.invalid > report.invalid.length ? (
        <p className="muted">
          {t("import.more", { count: n(counts.invalid - report.invalid.length) })}
        </p>
      ) : null}

      <h3>{t("import.duplicates.title", { count: n(counts.duplicates) })}</h3>
      {report.duplicates.length ? (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">
              {t("import.duplicates.title", { count: n(counts.duplicates) })}
            </caption>
            <thead>
              <tr>
                <th scope="col">{t("import.col.line")}</th>
                <th scope="col">{t("import.col.new")}</th>
                <th scope="col">{t("import.col.duplicateOf")}</th>
                <th scope="col">{t("import.col.score")}</th>
              </tr>
            </thead>
            <tbody>
              {report.duplicates.map((d) => (
                <tr key={d.line}>
                  <td>{d.line}</td>
                  <td>
                    {d.suggestionId ? (
                      <Link to={`/console/suggestions/${d.suggestionId}`}>{d.trackingCode}</Link>
                    ) : (
                      "—"
                    )}
                  </td>
                  <td>
                    <Link to={`/console/suggestions/${d.duplicateOfId}`}>{d.duplicateOf}</Link>
                  </td>
                  <td>{d.score.toFixed(3)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p className="muted">{t("import.none")}</p>
      )}
      {counts.duplicates > report.duplicates.length ? (
        <p className="muted">
          {t("import.more", { count: n(counts.duplicates - report.duplicates.length) })}
        </p>
      ) : null}
      {counts.warnings ? (
        <p className="muted">{t("import.warnings", { count: n(counts.warnings) })}</p>
      ) : null}
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
