/**
 * @module bench/lib/svg-plot — a small line chart as SVG text, so the bench writes its own figures
 * (x on a log scale: users; y linear).
 */

/** One line of the chart. */
export interface Series {
  label: string;
  points: readonly { x: number; y: number }[];
}

const COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#8c564b', '#e377c2', '#17becf'];
const W = 720;
const H = 420;
const M = { left: 60, right: 230, top: 40, bottom: 50 };

function escapeXml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;');
}

/** Options of {@link lineChart}. */
export interface ChartOptions {
  /** A dashed horizontal line, e.g. a budget. */
  guide?: { y: number; label: string };
}

/** A line chart of `series` with a log-scale x axis and a y axis from 0 to above every point. */
export function lineChart(
  title: string,
  yLabel: string,
  series: readonly Series[],
  options: ChartOptions = {},
): string {
  const xs = series.flatMap((s) => s.points.map((p) => p.x));
  const ys = series.flatMap((s) => s.points.map((p) => p.y));
  const x0 = Math.log10(Math.min(...xs));
  const x1 = Math.max(Math.log10(Math.max(...xs)), x0 + 1);
  const top = Math.max(...ys, options.guide?.y ?? 0, 1) * 1.15;
  const px = (x: number) => M.left + ((Math.log10(x) - x0) / (x1 - x0)) * (W - M.left - M.right);
  const py = (y: number) => H - M.bottom - (y / top) * (H - M.top - M.bottom);
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" font-family="sans-serif" font-size="12" role="img" aria-label="${escapeXml(title)}">`,
    `<title>${escapeXml(title)}</title>`,
    `<rect width="${W}" height="${H}" fill="white"/>`,
    `<text x="${M.left}" y="22" font-size="14">${escapeXml(title)}</text>`,
    `<line x1="${M.left}" y1="${H - M.bottom}" x2="${W - M.right}" y2="${H - M.bottom}" stroke="black"/>`,
    `<line x1="${M.left}" y1="${M.top}" x2="${M.left}" y2="${H - M.bottom}" stroke="black"/>`,
    `<text x="${(M.left + W - M.right) / 2}" y="${H - 12}" text-anchor="middle">users (log scale)</text>`,
    `<text x="14" y="${(M.top + H - M.bottom) / 2}" transform="rotate(-90 14 ${(M.top + H - M.bottom) / 2})" text-anchor="middle">${escapeXml(yLabel)}</text>`,
  ];
  for (let e = Math.ceil(x0); e <= Math.floor(x1); e++) {
    const x = px(10 ** e);
    const label = e >= 6 ? `${10 ** (e - 6)}M` : e >= 3 ? `${10 ** (e - 3)}k` : String(10 ** e);
    parts.push(`<line x1="${x}" y1="${H - M.bottom}" x2="${x}" y2="${H - M.bottom + 5}" stroke="black"/>`);
    parts.push(`<text x="${x}" y="${H - M.bottom + 18}" text-anchor="middle">${label}</text>`);
  }
  for (let i = 0; i <= 5; i++) {
    const value = (top * i) / 5;
    const y = py(value);
    parts.push(`<line x1="${M.left}" y1="${y}" x2="${W - M.right}" y2="${y}" stroke="#ddd"/>`);
    parts.push(`<text x="${M.left - 6}" y="${y + 4}" text-anchor="end">${value.toFixed(2)}</text>`);
  }
  if (options.guide) {
    const y = py(options.guide.y);
    parts.push(
      `<line x1="${M.left}" y1="${y}" x2="${W - M.right}" y2="${y}" stroke="#888" stroke-dasharray="6 4"/>`,
    );
    parts.push(
      `<text x="${W - M.right - 4}" y="${y - 4}" text-anchor="end" fill="#555">${escapeXml(options.guide.label)}</text>`,
    );
  }
  series.forEach((s, i) => {
    const color = COLORS[i % COLORS.length];
    const path = s.points.map((p) => `${px(p.x).toFixed(1)},${py(p.y).toFixed(1)}`).join(' ');
    parts.push(`<polyline points="${path}" fill="none" stroke="${color}" stroke-width="2"/>`);
    for (const p of s.points) {
      parts.push(`<circle cx="${px(p.x).toFixed(1)}" cy="${py(p.y).toFixed(1)}" r="3" fill="${color}"/>`);
    }
    const ly = M.top + 10 + i * 18;
    parts.push(
      `<line x1="${W - M.right + 15}" y1="${ly}" x2="${W - M.right + 35}" y2="${ly}" stroke="${color}" stroke-width="2"/>`,
    );
    parts.push(`<text x="${W - M.right + 40}" y="${ly + 4}">${escapeXml(s.label)}</text>`);
  });
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}
