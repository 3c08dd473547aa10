/**
 * One place for every tunable of the text engine. Each stored score records
 * `NLP_CONFIG.version`, so bump the version whenever a threshold, feature or
 * weighting changes (old scores then become recognisably stale).
 */
export const NLP_CONFIG = {
  version: "nlp-1.2.0",
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
    /**
     * Score at or above which a draft is flagged as a duplicate. Calibrated on same-title
     * messages (npm run nlp:eval): precision 0.86 / recall 0.96 against each query's best
     * non-matching message, no random pair above it (ADR 0003).
     */
    duplicateThreshold: 0.5,
    /** Score at or above which a stored suggestion is shown as related (recall 0.99). */
    relatedThreshold: 0.25,
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
    /**
     * Title features are kept (stored and posted) before body features of up to this
     * many times their tf-idf; scores still use the plain tf-idf.
     */
    titlePriority: 4,
  },
  cluster: {
    /**
     * Centroid cosine needed to join an existing topic. On fj3_hot_messages 0.2 keeps
     * 96% of same-title pairs together with 0.07% of random pairs (0.3: 93% / 0.02%,
     * but the 丽发新城 mixing-plant complaints split in two).
     */
    threshold: 0.2,
    /** Terms kept per document vector. */
    maxTermsPerDoc: 64,
  },
  classifier: {
    /**
     * Title terms count this many times: a title says in a few words what a message is
     * about (labeled_dev CV accuracy rises with it up to ~20 and then flattens; ADR 0003).
     */
    titleWeight: 20,
    /** Soft margin of the linear SVM (hinge loss); larger = less regularization. */
    C: 3,
    maxEpochs: 200,
    tolerance: 1e-3,
    /**
     * Margin → confidence softmax temperature: the 5-fold CV log-loss minimum on
     * labeled_dev (0.40, ECE 0.03; ADR 0003). It changes confidences, not predictions.
     */
    temperature: 5,
    /** Terms in fewer training samples are dropped (labeled_dev CV: 1 → 3 = +0.5 points). */
    minDf: 3,
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
