/**
 * Minyi text engine: pure, deterministic text code (no database access).
 * Import from server code only (jieba is a native module).
 */
export { BruteForceIndex, bruteForceTopK } from "./brute-force";
export {
  CategoryClassifier,
  type CategoryPrediction,
  type CategoryTreeNode,
  type ClassifierJSON,
  categoryTreeFromPaths,
  categoryTreeSamples,
  type LabelConfidence,
  loadClassifier,
  type TrainingSample,
  type TrainOptions,
  trainClassifier,
} from "./classifier";
export {
  type ClusterConstraints,
  type ClusterDoc,
  type ClusterSummary,
  type ProgressFn,
  type ReclusterOptions,
  reclusterBatch,
  TopicClusterer,
} from "./cluster";
export { NLP_CONFIG, type NlpConfig } from "./config";
export {
  type HotItem,
  type HotOptions,
  type HotTopic,
  itemWeight,
  rankHotTopics,
} from "./hot-topics";
export {
  buildWordStats,
  labelCluster,
  labelFromMaterial,
  labelFromWordCounts,
  labelWordCounts,
  type WordStats,
} from "./labels";
export {
  detectLanguage,
  hanShare,
  type Language,
  type NormalizeOptions,
  normalize,
  stripHtml,
} from "./normalize";
export { PairScorer, scorePair } from "./pair-similarity";
export {
  type DepartmentPrediction,
  predictDepartment,
  type ReviewerHistory,
} from "./routing";
export { type SearchDoc, type SearchHit, SearchIndex, type SearchOptions } from "./search-index";
export {
  type DocSource,
  type DraftText,
  type DuplicateVerdict,
  SimilarityIndex,
  type SimilarityIndexOptions,
  type SimilarityInput,
  type SimilarityQueryOptions,
  type SimilarMatch,
  verdictFor,
} from "./similarity-index";
export { EN_STOPWORDS, isStopword, ZH_STOPWORDS } from "./stopwords";
export {
  charBigrams,
  getJieba,
  isDictionaryWord,
  isNamePiece,
  labelMaterial,
  labelSegments,
  labelWords,
  tokenize,
  tokenizeForSearch,
} from "./tokenize";
