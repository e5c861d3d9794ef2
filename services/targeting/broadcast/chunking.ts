/**
 * Devices per emitted chunk of a broadcast page: about a tenth of a second of the throttle, so
 * deliveries flow smoothly and each checkpoint (after every chunk) covers little; never above the page.
 */
export function chunkSize(ratePerSecond: number, pageSize: number): number {
  return Math.max(1, Math.min(pageSize, Math.ceil(ratePerSecond / 10)));
}

export function chunksOf<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}
