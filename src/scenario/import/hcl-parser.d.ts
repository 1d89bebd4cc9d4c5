/** HashiCorp's HCL version 1 parser compiled to JavaScript (the `js-hcl-parser` package), which ships no types. */
declare module 'js-hcl-parser' {
  /** The package's exports. */
  export interface HclParser {
    /**
     * HCL text to its JSON text; when the text does not parse, the answer is a message instead,
     * `unable to parse JSON: At LINE:COL: ...`.
     */
    parse(hcl: string): string;
    /** JSON text to HCL text. */
    stringify(json: string): string;
  }
  const parser: HclParser;
  export default parser;
}
