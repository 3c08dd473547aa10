export * from "./config";
export * from "./normalize";
export * from "./search-index";
export * from "./similarity-index";
export * from "./tokenize";
