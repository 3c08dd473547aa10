/**
 * Property-based tests (fast-check): the public zod schemas answer every input with success or
 * field errors (never a throw), normalize() survives arbitrary Unicode, and redaction never lets
 * a Chinese mobile or landline number, an 18-digit ID number or an e-mail address through into
 * public text, however it is written and whatever surrounds it. Seeds are fixed so a run is
 * repeatable; a failure prints the shrunk counterexample.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import * as adminSchemas from "../../app/domain/admin/admin.schema";
import { LoginSchema } from "../../app/domain/auth/auth.schema";
import { BulkCommand, StaffCommand } from "../../app/domain/staff/staff.schema";
import {
  ApiSearchSchema,
  ApiSupportSchema,
  CodeSchema,
  IdempotencyKeySchema,
} from "../../app/domain/suggestions/api.schema";
import {
  FollowSchema,
  MemberListSchema,
  OutcomeListSchema,
  parseFollowContact,
  TopicListSchema,
} from "../../app/domain/suggestions/public.schema";
import { MASK, redact } from "../../app/domain/suggestions/redact";
import {
  PublicListSchema,
  SatisfactionSchema,
  SubmitSuggestionSchema,
  TrackSchema,
} from "../../app/domain/suggestions/suggestions.schema";
import { normalize, stripHtml } from "../../app/nlp/normalize";

const RUNS = { numRuns: 300, seed: 20260615 };

// ---------------------------------------------------------------------------------------------
// Arbitrary input
// ---------------------------------------------------------------------------------------------

/** Any JavaScript value a JSON body, a form or a buggy client could hand a schema. */
const anyValue = fc.anything({
  withBigInt: true,
  withBoxedValues: true,
  withDate: true,
  withMap: true,
  withSet: true,
  withNullPrototype: true,
  withObjectString: true,
  withSparseArray: true,
  withTypedArray: true,
  withUnicodeString: true,
});

/** Text of every kind: any code point (lone surrogates too), graphemes, Chinese, markup. */
const anyText = fc.oneof(
  fc.string({ unit: "binary", maxLength: 80 }),
  fc.string({ unit: "grapheme", maxLength: 40 }),
  fc.string({
    unit: fc.constantFrom(
      ..."加装电梯噪音扰民，。；：！？（）《》“”、０１２３ａＡ＠－　\n\t<>&\"'/\\%_",
    ),
    maxLength: 60,
  }),
  fc.constantFrom(
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "javascript:alert(1)",
    "{{7*7}}",
    "' OR 1=1 --",
    "\u0000\u200b\ufeff\ud800",
    "=cmd|' /C calc'!A0",
  ),
);

/** What a form post can carry: strings and repeated strings, under the schema's own keys. */
function formLike(keys: readonly string[]) {
  const value = fc.oneof(
    anyText,
    fc.array(anyText, { maxLength: 3 }),
    fc.integer().map(String),
    fc.constantFrom("", "on", "true", "false", "1", "0", "-1", "1e400", "NaN", "JY-2026-000001"),
  );
  return fc.dictionary(fc.constantFrom(...keys, "extra"), value, { maxKeys: keys.length + 1 });
}

/** The same keys with values of any type (JSON API bodies, hostile clients). */
function objectLike(keys: readonly string[]) {
  return fc.dictionary(fc.constantFrom(...keys, "__proto__", "constructor"), anyValue, {
    maxKeys: keys.length + 2,
  });
}

type Schema = { safeParse: (input: unknown) => { success: boolean; error?: unknown } };

const STAFF_INTENTS = StaffCommand.options.map((o) => o.shape.intent.value);
const STAFF_KEYS = [
  ...new Set(StaffCommand.options.flatMap((o) => Object.keys(o.shape))),
] as readonly string[];

const SCHEMAS: Record<string, { schema: Schema; keys: readonly string[] }> = {
  submit: { schema: SubmitSuggestionSchema, keys: Object.keys(SubmitSuggestionSchema.shape) },
  track: { schema: TrackSchema, keys: Object.keys(TrackSchema.shape) },
  satisfaction: { schema: SatisfactionSchema, keys: Object.keys(SatisfactionSchema.shape) },
  follow: { schema: FollowSchema, keys: Object.keys(FollowSchema.shape) },
  login: { schema: LoginSchema, keys: Object.keys(LoginSchema.shape) },
  publicList: { schema: PublicListSchema, keys: Object.keys(PublicListSchema.shape) },
  topicList: { schema: TopicListSchema, keys: Object.keys(TopicListSchema.shape) },
  outcomeList: { schema: OutcomeListSchema, keys: Object.keys(OutcomeListSchema.shape) },
  memberList: { schema: MemberListSchema, keys: Object.keys(MemberListSchema.shape) },
  apiSearch: {
    schema: ApiSearchSchema,
    keys: ["q", "category", "region", "status", "decision", "period", "sort", "page"],
  },
  apiSupport: { schema: ApiSupportSchema, keys: ["contact", "deviceId"] },
  apiCode: { schema: CodeSchema, keys: ["code"] },
  staffCommand: { schema: StaffCommand, keys: STAFF_KEYS },
  bulkCommand: { schema: BulkCommand, keys: ["intent", "items", "leadDepartmentId", "primaryId"] },
};
// Every admin form schema too (they parse what an admin's browser posts).
for (const [name, schema] of Object.entries(adminSchemas)) {
  if (!name.endsWith("Schema") || typeof (schema as Schema).safeParse !== "function") continue;
  const shape = (schema as { shape?: Record<string, unknown> }).shape;
  SCHEMAS[`admin.${name}`] = {
    schema: schema as Schema,
    keys: shape ? Object.keys(shape) : ["name", "id"],
  };
}

function neverThrows(schema: Schema, input: unknown) {
  let result: { success: boolean; error?: unknown } | undefined;
  expect(() => {
    result = schema.safeParse(input);
  }).not.toThrow();
  expect(typeof result?.success).toBe("boolean");
  if (!result?.success) expect(result?.error).toBeInstanceOf(Error);
}

describe("zod schemas never throw: success or field errors for any input", () => {
  it("covers the public, staff and admin forms", () => {
    expect(Object.keys(SCHEMAS).filter((n) => n.startsWith("admin.")).length).toBeGreaterThan(10);
    expect(STAFF_INTENTS.length).toBeGreaterThan(15);
  });

  for (const [name, { schema, keys }] of Object.entries(SCHEMAS)) {
    it(`${name}: any value`, () => {
      fc.assert(
        fc.property(anyValue, (input) => neverThrows(schema, input)),
        RUNS,
      );
    });
    it(`${name}: form-shaped input with its own keys`, () => {
      fc.assert(
        fc.property(formLike(keys), (input) => neverThrows(schema, input)),
        RUNS,
      );
    });
    it(`${name}: its own keys with values of any type`, () => {
      fc.assert(
        fc.property(objectLike(keys), (input) => neverThrows(schema, input)),
        RUNS,
      );
    });
  }

  it("staff commands: every intent with form-shaped fields", () => {
    fc.assert(
      fc.property(fc.constantFrom(...STAFF_INTENTS), formLike(STAFF_KEYS), (intent, fields) =>
        neverThrows(StaffCommand, { ...fields, intent }),
      ),
      RUNS,
    );
  });

  it("the API's Idempotency-Key and follow contacts", () => {
    fc.assert(
      fc.property(anyText, (text) => {
        neverThrows(IdempotencyKeySchema, text);
        expect(() => parseFollowContact(text)).not.toThrow();
      }),
      RUNS,
    );
  });
});

describe("normalize() on arbitrary Unicode", () => {
  it("never throws; returns trimmed text without controls or zero-width characters, capped", () => {
    fc.assert(
      fc.property(fc.oneof(anyText, fc.string({ unit: "binary", maxLength: 400 })), (text) => {
        const out = normalize(text);
        expect(typeof out).toBe("string");
        expect(out).toBe(out.trim());
        expect(out).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u200b-\u200d\u2060\ufeff]/);
        expect(out).not.toMatch(/\s{2}/);
        expect(normalize(text, { maxLength: 10 }).length).toBeLessThanOrEqual(10);
      }),
      RUNS,
    );
  });

  it("never throws on markup-like input (tags, comments, entities, numeric references)", () => {
    const piece = fc.oneof(
      anyText,
      fc.constantFrom("<", ">", "</", "<!--", "-->", "&", ";", "#", "x", "<script>", "</script>"),
      fc.integer({ min: -1, max: 0x11ffff }).map((n) => `&#${n};`),
      fc.integer({ min: 0, max: 0x11ffff }).map((n) => `&#x${n.toString(16)};`),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 30 }), (pieces) => {
        const text = pieces.join("");
        expect(() => stripHtml(text)).not.toThrow();
        expect(typeof normalize(text)).toBe("string");
      }),
      RUNS,
    );
  });

  it("null, undefined and empty give the empty string", () => {
    expect(normalize(null)).toBe("");
    expect(normalize(undefined)).toBe("");
    expect(normalize("")).toBe("");
  });
});

// ---------------------------------------------------------------------------------------------
// Redaction
// ---------------------------------------------------------------------------------------------

const FULL_WIDTH = (ch: string) => String.fromCharCode(ch.charCodeAt(0) + 0xfee0);
/** Full-width ASCII and the ideographic space to plain ASCII: how a reader sees the text. */
const fold = (text: string) =>
  text.replace(/[\uff01-\uff5e]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));

/** Separators people put inside numbers: spaces of several widths, dots, hyphens and dashes. */
const SEPARATORS = [
  " ",
  "\u00a0",
  "\u3000",
  "\t",
  "-",
  ".",
  "－",
  "．",
  "\u2010",
  "\u2012",
  "\u2013",
  "\u2014",
  "\u2212",
];
const separator = fc.constantFrom(...SEPARATORS);
const optionalSeparator = fc.oneof(fc.constant(""), separator);
/** All separator characters and brackets removed: only digits and letters remain. */
const strip = (text: string) => fold(text).replace(/[\s.\-\u2010-\u2015\u2212()+]/g, "");

const digit = fc.integer({ min: 0, max: 9 }).map(String);
const digits = (n: number) =>
  fc.array(digit, { minLength: n, maxLength: n }).map((d) => d.join(""));
/** Each digit ASCII or full-width, chosen per digit. */
const writeDigits = (plain: string) =>
  fc
    .array(fc.boolean(), { minLength: plain.length, maxLength: plain.length })
    .map((wide) => [...plain].map((d, i) => (wide[i] ? FULL_WIDTH(d) : d)).join(""));

/** Digits in groups, one optional separator between groups (or between every digit). */
function grouped(plain: string, groups: number[][]) {
  return fc
    .tuple(fc.constantFrom(...groups), writeDigits(plain), separator, fc.boolean())
    .chain(([sizes, written, sep, mixed]) =>
      fc
        .array(optionalSeparator, { minLength: sizes.length, maxLength: sizes.length })
        .map((seps) => {
          const chars = [...written];
          const parts: string[] = [];
          let at = 0;
          for (const size of sizes) {
            parts.push(chars.slice(at, at + size).join(""));
            at += size;
          }
          return parts.map((p, i) => (i === 0 ? p : `${mixed ? seps[i] : sep}${p}`)).join("");
        }),
    );
}

const mobile = fc
  .tuple(fc.integer({ min: 3, max: 9 }), digits(9))
  .map(([second, rest]) => `1${second}${rest}`);
const writtenMobile = mobile.chain((plain) =>
  fc
    .tuple(
      grouped(plain, [[11], [3, 4, 4], [3, 8], [3, 3, 5], [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]]),
      fc.constantFrom("", "+86", "86", "+86 ", "+86-", "(+86)", "（+86）", "＋８６ ", "0086 "),
    )
    .map(([written, prefix]) => ({ plain, written: `${prefix}${written}` })),
);

const landline = fc
  .tuple(
    fc.oneof(digits(2), digits(3)),
    fc.integer({ min: 2, max: 9 }),
    fc.oneof(digits(6), digits(7)),
  )
  .map(([area, first, rest]) => ({ area: `0${area}`, local: `${first}${rest}` }));
const writtenLandline = landline.chain(({ area, local }) =>
  fc
    .tuple(
      writeDigits(area),
      writeDigits(local),
      fc.constantFrom("", "-", " ", "－", "\u2014", "\u3000"),
      fc.constantFrom(["", ""], ["(", ")"], ["（", "）"]),
      fc.constantFrom("none", "split"),
      optionalSeparator,
    )
    .map(([a, l, sep, [open, close], split, inner]) => {
      const cut = l.length === 8 ? 4 : 3;
      const localWritten = split === "split" ? `${l.slice(0, cut)}${inner}${l.slice(cut)}` : l;
      return { local, written: `${open}${a}${close}${sep}${localWritten}` };
    }),
);

const idNumber = fc
  .tuple(
    fc.integer({ min: 1, max: 9 }),
    digits(5),
    fc.integer({ min: 1900, max: 2099 }),
    fc.integer({ min: 1, max: 12 }),
    fc.integer({ min: 1, max: 31 }),
    digits(3),
    fc.constantFrom(..."0123456789Xx"),
  )
  .map(([a, region, year, month, day, seq, check]) => {
    const pad = (n: number) => String(n).padStart(2, "0");
    return `${a}${region}${year}${pad(month)}${pad(day)}${seq}${check}`;
  });
const writtenId = idNumber.chain((plain) =>
  fc
    .tuple(
      grouped(plain.slice(0, 17), [[17], [6, 8, 3], [6, 4, 4, 3], [3, 3, 4, 4, 3]]),
      fc.boolean(),
    )
    .map(([body, wideCheck]) => {
      const check = plain.slice(17);
      return { plain, written: `${body}${wideCheck ? FULL_WIDTH(check) : check}` };
    }),
);

const alnum = fc.constantFrom(..."abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789");
const word = (min: number, max: number) =>
  fc.array(alnum, { minLength: min, maxLength: max }).map((c) => c.join(""));
const email = fc
  .tuple(
    word(1, 10),
    fc.constantFrom("", ".", "_", "-", "+", "%"),
    word(0, 6),
    fc.array(word(1, 8), { minLength: 1, maxLength: 3 }),
    fc.array(fc.constantFrom(..."abcdefghijklmnopqrstuvwxyz"), { minLength: 2, maxLength: 6 }),
  )
  .map(([a, sep, b, labels, tld]) => `${a}${b ? sep + b : ""}@${labels.join(".")}.${tld.join("")}`);
const writtenEmail = email.chain((plain) =>
  fc.constantFrom("ascii", "full", "upper").map((style) => ({
    plain,
    written:
      style === "full"
        ? [...plain].map(FULL_WIDTH).join("")
        : style === "upper"
          ? plain.toUpperCase()
          : plain,
  })),
);

/** The surroundings: arbitrary Unicode, Chinese prose, or nothing, with or without a space. */
const around = fc.oneof(
  fc.constant(""),
  anyText,
  fc.constantFrom("请联系我：", "我的电话是", "身份证号", "邮箱", "Call me at ", "，谢谢。", "。"),
);
function embedded(written: fc.Arbitrary<string>) {
  return fc
    .tuple(around, optionalSeparator, written, optionalSeparator, around)
    .map(([before, s1, w, s2, after]) => `${before}${s1}${w}${s2}${after}`);
}

/** A leak is the number's digits readable in the output once separators are ignored. */
function leaks(output: string, secretDigits: string): boolean {
  return strip(output).includes(secretDigits);
}

describe("redaction never lets personal data into public text", () => {
  it("masks hand-picked formats (full-width digits, dashes, brackets, spaced groups)", () => {
    const cases = [
      "请拨打１３８１２３４５６７８",
      "138—1234—5678",
      "138–1234–5678",
      "+86 138 1234 5678",
      "138\u30001234\u30005678",
      "（0571）88888888",
      "０５７１－８８８８８８８８",
      "(021) 6123 4567",
      "110101199003071234",
      "１１０１０１１９９００３０７１２３Ｘ",
      "ｚｈａｎｇ＠ｑｑ．ｃｏｍ",
    ];
    for (const text of cases) {
      const out = redact(`联系方式${text}，谢谢`);
      expect(out, text).toContain(MASK);
      expect(strip(out), text).not.toMatch(/\d{7}/);
    }
  });

  it("Chinese mobile numbers, any grouping, separators and digit width", () => {
    fc.assert(
      fc.property(
        writtenMobile.chain(({ plain, written }) =>
          embedded(fc.constant(written)).map((text) => ({ plain, text })),
        ),
        ({ plain, text }) => {
          const out = redact(text);
          expect(leaks(out, plain), `${JSON.stringify(text)} → ${JSON.stringify(out)}`).toBe(false);
        },
      ),
      { ...RUNS, numRuns: 1000 },
    );
  });

  it("landlines with area codes, brackets (half- and full-width) and separators", () => {
    fc.assert(
      fc.property(
        writtenLandline.chain(({ local, written }) =>
          embedded(fc.constant(written)).map((text) => ({ local, text })),
        ),
        ({ local, text }) => {
          const out = redact(text);
          expect(leaks(out, local), `${JSON.stringify(text)} → ${JSON.stringify(out)}`).toBe(false);
        },
      ),
      { ...RUNS, numRuns: 1000 },
    );
  });

  it("18-digit ID numbers, grouped or not, with a check digit or X", () => {
    fc.assert(
      fc.property(
        writtenId.chain(({ plain, written }) =>
          embedded(fc.constant(written)).map((text) => ({ plain, text })),
        ),
        ({ plain, text }) => {
          const out = redact(text);
          // The 17 digits before the check character are the identifying part.
          expect(
            leaks(out, plain.slice(0, 17)),
            `${JSON.stringify(text)} → ${JSON.stringify(out)}`,
          ).toBe(false);
          expect(strip(out)).not.toMatch(/\d{7}/);
        },
      ),
      { ...RUNS, numRuns: 1000 },
    );
  });

  it("e-mail addresses, ASCII, upper case or full-width", () => {
    fc.assert(
      fc.property(
        writtenEmail.chain(({ plain, written }) =>
          embedded(fc.constant(written)).map((text) => ({ plain, text })),
        ),
        ({ plain, text }) => {
          const out = fold(redact(text)).toLowerCase();
          expect(out.includes(plain.toLowerCase()), `${JSON.stringify(text)} → ${out}`).toBe(false);
          expect(out).not.toContain(`@${plain.split("@")[1]!.toLowerCase()}`);
        },
      ),
      { ...RUNS, numRuns: 1000 },
    );
  });

  it("several kinds in one text are all masked", () => {
    fc.assert(
      fc.property(
        writtenMobile,
        writtenLandline,
        writtenId,
        writtenEmail,
        around,
        (m, l, id, e, filler) => {
          const text = `${filler}${m.written}，${l.written}；${id.written} ${e.written}${filler}`;
          const out = redact(text);
          expect(leaks(out, m.plain)).toBe(false);
          expect(leaks(out, l.local)).toBe(false);
          expect(leaks(out, id.plain.slice(0, 17))).toBe(false);
          expect(fold(out).toLowerCase()).not.toContain(e.plain.toLowerCase());
        },
      ),
      RUNS,
    );
  });

  it("never throws and leaves text without personal data unchanged", () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const out = redact(text);
        expect(typeof out).toBe("string");
        // No run of 7+ digits, no '@': nothing to mask, so nothing changes.
        if (!/[@＠]/.test(text) && !/\d{7}/.test(strip(text))) expect(out).toBe(text);
      }),
      RUNS,
    );
  });

  it("keeps ordinary Chinese text, dates, amounts and short numbers readable", () => {
    const text = "2026年6月15日起，3路公交增加10个班次，票价2元；共收到1234条建议（第12期）。";
    expect(redact(text)).toBe(text);
    expect(redact("2026-06-15 至 2026-07-01")).toBe("2026-06-15 至 2026-07-01");
    expect(redact("联系人张三", ["张三"])).toBe(`联系人${MASK}`);
  });
});
