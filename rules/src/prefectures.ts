import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** One prefecture-level division (or, under a municipality, a district) by its six-digit code. */
export interface Prefecture {
  code: string;
  name: string;
}

const FILE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'data', 'prefectures.json');
let byProvince: Map<string, Prefecture[]> | undefined;

/**
 * The prefecture-level divisions of a province-level division (`370000` → 济南市 370100, 青岛市 370200, …; a
 * municipality's districts), the options of a region field below a province field. The list is
 * `rules/data/prefectures.json`, whose `source` names where it comes from; read once.
 */
export function prefecturesOf(provinceCode: string | undefined): Prefecture[] {
  if (!provinceCode || !/^\d{6}$/.test(provinceCode)) return [];
  if (!byProvince) {
    const data = JSON.parse(fs.readFileSync(FILE, 'utf8')) as { items: Prefecture[] };
    byProvince = new Map();
    for (const item of data.items) {
      const key = item.code.slice(0, 2);
      byProvince.set(key, [...(byProvince.get(key) ?? []), item]);
    }
  }
  return byProvince.get(provinceCode.slice(0, 2)) ?? [];
}
