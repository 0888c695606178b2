import { printParseErrorCode, visit } from 'jsonc-parser';

/** What each syntax error (jsonc-parser's code) means, in words policy staff read; the policy console shows the same. */
export const JSON_SYNTAX_PROBLEMS: Readonly<Record<string, string>> = {
  InvalidSymbol: '这里有不该出现的字符',
  InvalidNumberFormat: '数字的写法不正确',
  PropertyNameExpected: '这里应是用双引号括起的属性名（是否多了一个逗号？）',
  ValueExpected: '这里缺少值（是否多了一个逗号，或漏写了值？）',
  ColonExpected: '属性名后缺少冒号 :',
  CommaExpected: '缺少逗号 ,',
  CloseBraceExpected: '缺少右花括号 }',
  CloseBracketExpected: '缺少右方括号 ]',
  EndOfFileExpected: '文件在此处应已结束（是否多了内容或括号？）',
  InvalidCommentToken: 'JSON 中不能写注释',
  UnexpectedEndOfComment: 'JSON 中不能写注释',
  UnexpectedEndOfString: '字符串没有结束（缺少右双引号 "）',
  UnexpectedEndOfNumber: '数字没有写完',
  InvalidUnicode: '\\u 转义不正确',
  InvalidEscapeCharacter: '反斜杠 \\ 后的转义字符不正确',
  InvalidCharacter: '字符串中有不允许的字符（如未转义的换行）',
};

/** A JSON document that does not parse: where (1-based line and column) and what is wrong. */
export class JsonSyntaxError extends Error {
  constructor(
    readonly line: number,
    readonly column: number,
    readonly problem: string,
  ) {
    super(`JSON 格式错误，第 ${line} 行第 ${column} 列：${problem}`);
    this.name = 'JsonSyntaxError';
  }
}

/**
 * JSON.parse, but a syntax error says its line and column (Node 20's JSON.parse gives at most an offset). The first
 * error jsonc-parser finds — with comments and trailing commas refused, as JSON does — is reported. A leading
 * byte-order mark is ignored.
 */
export function parseJson(source: string): unknown {
  // Editors on Windows may save UTF-8 with a byte-order mark; it is not content.
  const text = source.startsWith('\uFEFF') ? source.slice(1) : source;
  try {
    return JSON.parse(text);
  } catch (error) {
    let first: JsonSyntaxError | undefined;
    visit(
      text,
      {
        onError: (code, _offset, _length, line, character) => {
          first ??= new JsonSyntaxError(line + 1, character + 1, JSON_SYNTAX_PROBLEMS[printParseErrorCode(code)] ?? printParseErrorCode(code));
        },
      },
      { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false },
    );
    throw first ?? new JsonSyntaxError(1, 1, (error as Error).message);
  }
}
