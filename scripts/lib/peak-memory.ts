/**
 * Preloaded (`node --import`) into a process whose peak memory a benchmark wants: on exit, writes the peak resident
 * set size in bytes to the file named by ZSB_PEAK_MEMORY_FILE.
 */
import fs from 'node:fs';

// eslint-disable-next-line no-restricted-syntax -- a benchmark's hand-over to the process it measures, not a platform setting
const target = process.env.ZSB_PEAK_MEMORY_FILE;
if (target) {
  process.on('exit', () => fs.writeFileSync(target, JSON.stringify({ peakRss: process.resourceUsage().maxRSS * 1024 })));
}
