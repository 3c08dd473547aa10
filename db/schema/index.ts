export * from "./auth";
export * from "./clusters";
export * from "./engagement";
export * from "./enums";
export * from "./handling";
export * from "./orgs";
export * from "./suggestions";
export * from "./taxonomy";
