// Numbers as people read them, by the KPI's unit: a ratio as a percentage, money with
// its currency sign, durations with their unit, counts with thousands separators.
export function formatValue(value, unit) {
  if (value === null || value === undefined) return '–';
  const u = (unit || '').toLowerCase();
  if (u === 'ratio' || u === 'share') return `${(value * 100).toFixed(1).replace(/^-0\.0$/, '0.0')} %`;
  if (u === 'percent' || u === '%') return `${value.toFixed(1).replace(/^-0\.0$/, '0.0')} %`;
  const money = { eur: '€', usd: '$', gbp: '£' }[u];
  const abs = Math.abs(value);
  const digits = abs >= 100 ? 0 : abs >= 10 ? 1 : 2;
  // A small negative rounds to "-0": shown as 0.
  const text = value.toLocaleString('en-US', { maximumFractionDigits: digits }).replace(/^-0$/, '0');
  if (money) return `${money}${text}`;
  return u && u !== 'count' ? `${text} ${unit}` : text;
}

export function formatChange(delta, unit) {
  if (delta === null || delta === undefined || Number.isNaN(delta)) return '';
  const u = (unit || '').toLowerCase();
  const sign = delta > 0 ? '+' : delta < 0 ? '−' : '±';
  if (u === 'ratio' || u === 'share') return `${sign}${Math.abs(delta * 100).toFixed(1)} pp`;
  return `${sign}${formatValue(Math.abs(delta), unit)}`;
}

export const STATUS_LABEL = {
  on_track: 'on track',
  watch: 'watch',
  off_track: 'off track',
  in_progress: 'in progress',
  no_data: 'no data',
  no_target: 'no target',
};
