/**
 * One place for every tunable of the text engine. Each stored score records
 * `NLP_CONFIG.version`, so bump the version whenever a threshold, feature or
 * weighting changes (old scores then become recognisably stale).
 */
export const NLP_CONFIG = {
  version: "nlp-1.0.0",
  normalize: {
    /** Characters kept after normalization; longer input is truncated. */
    maxLength: 20_000,
  },
  language: {
    /** Share of Han characters among letters at or above which text is "zh". */
    zhMinShare: 0.6,
    /** Share at or below which text is "en"; between the two it is "mixed". */
    enMaxShare: 0.1,
  },
  similarity: {
    /** Cosine at or above which a draft is flagged as a duplicate (calibrated, see ADR 0003). */
    duplicateThreshold: 0.6,
    /** Cosine at or above which a stored suggestion is shown as related. */
    relatedThreshold: 0.3,
    /** Feature hashing width: 2^22 buckets keeps collisions rare at 1M docs (16 MiB per table). */
    hashBits: 22,
    /** Terms kept per stored document for exact re-scoring (highest tf-idf first). */
    maxTermsPerDoc: 96,
    /** Of those, the best ones that are posted in the inverted index (candidate generation). */
    postingTermsPerDoc: 48,
    /** Query terms used for candidate generation (highest tf-idf first). */
    queryTerms: 40,
    /** Posting lists longer than max(minPostingCap, N * postingFraction) are skipped. */
    postingFraction: 0.05,
    minPostingCap: 2_000,
    /** Candidates re-scored exactly per query. */
    candidates: 200,
    /** Only the first characters of very long texts are turned into features. */
    featureMaxChars: 6_000,
  },
  cluster: {
    /** Centroid cosine needed to join an existing topic. */
    threshold: 0.3,
    /** Terms kept per document vector. */
    maxTermsPerDoc: 64,
  },
  classifier: {
    titleWeight: 2,
    epochs: 30,
    learningRate: 0.5,
    l2: 1e-5,
    minDf: 1,
    seed: 20_200_301,
  },
  routing: {
    /** Pseudo-count given to the configured category→department map. */
    mapPrior: 5,
  },
  hot: {
    halfLifeDays: 14,
    emergingDays: 14,
    emergingGrowth: 2,
    emergingMinSize: 3,
  },
} as const;

export type NlpConfig = typeof NLP_CONFIG;
