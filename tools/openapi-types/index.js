// openapi-typescript needs TypeScript 5's JS API, which TypeScript 7 (the project's compiler) no
// longer has: this package gives it its own TypeScript 5, apart from the project's.
export { astToString, default } from "openapi-typescript";
