// Small helpers shared by the engine benchmark's Node scripts.

// Splits a SQL file into statements at `;` line ends, dropping `--` comment lines.
export function splitStatements(text) {
  const body = text.split('\n').filter((line) => !line.trim().startsWith('--')).join('\n');
  return body.split(/;\s*(?:\n|$)/).map((s) => s.trim()).filter((s) => s.length > 0);
}

// Formats rows as CSV with a header; null as an empty field, numbers in round-trip form.
export function toCsv(columns, rows) {
  const field = (v) => {
    if (v === null || v === undefined) return '';
    const s = typeof v === 'object' && 'toDouble' in v ? String(v.toDouble()) : String(v);
    return /[",\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
  };
  return [columns.join(','), ...rows.map((r) => r.map(field).join(','))].join('\n') + '\n';
}

// Minimal RFC 4180 line splitter (fields here never hold newlines).
export function splitCsvLine(line) {
  const out = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; ++i) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') { field += '"'; ++i; } else if (c === '"') quoted = false; else field += c;
    } else if (c === '"') quoted = true; else if (c === ',') { out.push(field); field = ''; } else field += c;
  }
  out.push(field);
  return out;
}
