/**
 * GB18030 bytes of a string, as Excel in China saves a CSV (Node decodes GB18030 but has no encoder): two-byte
 * characters from a table built with the decoder, four-byte ones (outside the BMP) computed, ASCII as is.
 */
export function gb18030Bytes(text: string): Buffer {
  const bytes: number[] = [];
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (code < 0x80) bytes.push(code);
    else if (code >= 0x10000) {
      // GB18030 maps U+10000..U+10FFFF linearly onto 0x90308130..0xE3329A35.
      let n = code - 0x10000;
      const b4 = 0x30 + (n % 10);
      n = Math.floor(n / 10);
      const b3 = 0x81 + (n % 126);
      n = Math.floor(n / 126);
      bytes.push(0x90 + Math.floor(n / 10), 0x30 + (n % 10), b3, b4);
    } else {
      const pair = twoByteTable().get(ch);
      if (!pair) throw new Error(`no two-byte GB18030 code for ${ch}`);
      bytes.push(...pair);
    }
  }
  return Buffer.from(bytes);
}

let table: Map<string, [number, number]> | undefined;
function twoByteTable(): Map<string, [number, number]> {
  if (table) return table;
  table = new Map();
  const decoder = new TextDecoder('gb18030');
  for (let hi = 0x81; hi <= 0xfe; hi++) {
    for (let lo = 0x40; lo <= 0xfe; lo++) {
      if (lo === 0x7f) continue;
      const ch = decoder.decode(new Uint8Array([hi, lo]));
      if (ch.length === 1 && ch !== '\uFFFD' && !table.has(ch)) table.set(ch, [hi, lo]);
    }
  }
  return table;
}
